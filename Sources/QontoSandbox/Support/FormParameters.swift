import Foundation

/// Decoded `name=value` pairs of a query string or an `application/x-www-form-urlencoded` body.
///
/// Parsed by hand rather than through Hummingbird's `queryParameters` so that both spellings
/// clients use for Rails-style keys behave the same: `filter[status][]=paid` and
/// `filter%5Bstatus%5D%5B%5D=paid` (libcurl-based clients often escape the brackets), and so `+`
/// means a space in form bodies and OAuth scopes.
struct FormParameters: Sendable {
    private(set) var pairs: [(name: String, value: String)] = []

    /// Parses `a=1&b=two+words&c=%C3%A9`; names without `=` get an empty value.
    init(_ encoded: String) {
        for part in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = FormParameters.decode(pieces[0])
            guard !name.isEmpty else { continue }
            pairs.append((name, pieces.count > 1 ? FormParameters.decode(pieces[1]) : ""))
        }
    }

    /// The first value for `name`.
    subscript(name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// Every value for any of `names`, in order; comma-separated values are split
    /// (`filter[status]=paid,to_review` and repeated `filter[status][]` mean the same).
    func all(_ names: String...) -> [String] { all(names) }

    /// Every value for any of `names` (array form of ``all(_:)-variadic``).
    func all(_ names: [String]) -> [String] {
        pairs.filter { names.contains($0.name) }
            .flatMap { $0.value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.isEmpty }
    }

    /// Whether any of `names` is present.
    func contains(_ names: String...) -> Bool { pairs.contains { names.contains($0.name) } }

    /// `+` as space, then percent-decoding; malformed escapes are kept as written.
    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// Percent-encodes a value for a query string or form body (RFC 3986 unreserved kept).
    static func encode(_ text: String) -> String {
        // ASCII only: `CharacterSet.alphanumerics` would let accented letters through unescaped.
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// `a=1&b=2`, each value percent-encoded.
    static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }
}
