import Foundation

/// The decoded `name=value` pairs of a query string (`+` is a space, then percent-decoding).
struct QueryItems: Sendable {
    private(set) var pairs: [(name: String, value: String)] = []

    /// Parses `a=1&b=two+words&c=%5B%5D`; names without `=` get an empty value.
    init(_ encoded: String) {
        for part in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = QueryItems.decode(pieces[0])
            guard !name.isEmpty else { continue }
            pairs.append((name, pieces.count > 1 ? QueryItems.decode(pieces[1]) : ""))
        }
    }

    /// The last value for `name`.
    subscript(name: String) -> String? { pairs.last { $0.name == name }?.value }

    /// The pairs as a dictionary (last value wins).
    var dictionary: [String: String] {
        pairs.reduce(into: [:]) { $0[$1.name] = $1.value }
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
