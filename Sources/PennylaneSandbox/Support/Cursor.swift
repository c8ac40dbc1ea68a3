import Foundation

/// Opaque cursors: base64url of `<scope>:<position>`, where the scope names the list (and its
/// sort) so a cursor of one list is refused by another, and the position is the last id served
/// (lists) or the index of the next change (changelogs).
enum Cursor {
    static func make(scope: String, position: Int) -> String {
        Data("\(scope):\(position)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The position, or nil when the cursor is malformed or belongs to another list.
    static func read(_ cursor: String, scope: String) -> Int? {
        var text = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text), let plain = String(data: data, encoding: .utf8),
              plain.hasPrefix(scope + ":") else { return nil }
        return Int(plain.dropFirst(scope.count + 1))
    }
}
