/// Folds header field values at the places where RFC 5322 allows folding white space.
///
/// A value is given as tokens that are separated by single spaces when unfolded. Folding
/// replaces some of those spaces by CRLF followed by the space, so unfolding (removing the
/// CRLFs) gives back exactly the tokens joined by single spaces.
enum HeaderFolding {
    /// The line length, in octets and without CRLF, that RFC 5322 asks not to exceed.
    static let preferredLineLength = 78

    /// The line length, in octets and without CRLF, that RFC 5322 forbids exceeding.
    static let maximumLineLength = 998

    /// Joins `tokens` with spaces, starting a new line before a token that would not fit.
    ///
    /// The first token always stays on the first line, after `firstLineUsed` octets (the
    /// field name, colon and space). A token longer than a line stays whole on its own line.
    /// - Parameters:
    ///   - tokens: Non-empty strings without CR, LF or spaces at their ends.
    ///   - firstLineUsed: Octets already on the first line before the first token.
    /// - Returns: The folded value, with `CRLF SP` between lines and no trailing CRLF.
    static func fold(_ tokens: [String], firstLineUsed: Int) -> String {
        var result = ""
        var lineLength = firstLineUsed
        for (index, token) in tokens.enumerated() {
            let length = token.utf8.count
            if index == 0 {
                lineLength += length
            } else if lineLength + 1 + length <= preferredLineLength {
                result += " "
                lineLength += 1 + length
            } else {
                result += "\r\n "
                lineLength = 1 + length
            }
            result += token
        }
        return result
    }

    /// Writes a whole header field, `name: value` with its CRLF, folding the value.
    ///
    /// An empty value gives `name:` followed by CRLF.
    /// - Parameters:
    ///   - name: The field name, without colon.
    ///   - tokens: The value's tokens, as for ``fold(_:firstLineUsed:)``.
    /// - Returns: The field, ending with CRLF.
    static func field(_ name: String, tokens: [String]) -> String {
        guard !tokens.isEmpty else { return name + ":\r\n" }
        return name + ": " + fold(tokens, firstLineUsed: name.utf8.count + 2) + "\r\n"
    }

    /// Writes a whole header field whose value is already folded.
    ///
    /// - Parameters:
    ///   - name: The field name, without colon.
    ///   - foldedValue: The value, possibly empty, possibly containing `CRLF SP` folds.
    /// - Returns: The field, ending with CRLF.
    static func field(_ name: String, foldedValue: String) -> String {
        foldedValue.isEmpty ? name + ":\r\n" : name + ": " + foldedValue + "\r\n"
    }
}
