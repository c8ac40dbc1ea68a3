/// A display name plus address, as written in From and To header fields.
///
/// The display name is untrusted text: ``headerValue()`` sanitises it with
/// ``HeaderText/sanitize(_:)`` and then quotes or encodes it, so it can never inject a
/// header field or an address.
public struct Mailbox: Sendable, Hashable {
    /// The human-readable name, such as `Cabinet Dupont`; `nil` or blank for none.
    public var displayName: String?
    /// The validated address.
    public var address: EmailAddress

    /// The size in UTF-8 bytes of each encoded word of a non-ASCII display name.
    ///
    /// 45 bytes give 72-character words, so `From: ` or `To: ` plus one word fits in 78,
    /// and names up to 45 bytes stay in a single word (some decoders, such as Python's
    /// address parser, wrongly keep the space between adjacent encoded words).
    static let encodedWordBytes = 45

    /// The longest word (run without spaces, quotes included) kept in a quoted-string.
    static let longestQuotedWord = 70

    /// Creates a mailbox.
    ///
    /// - Parameters:
    ///   - displayName: The human-readable name, untrusted; `nil` for none.
    ///   - address: The validated address.
    public init(displayName: String? = nil, address: EmailAddress) {
        self.displayName = displayName
        self.address = address
    }

    /// The header field value, unfolded: `<a@b>`, `"Name" <a@b>` or encoded words + `<a@b>`.
    ///
    /// The display name is sanitised first. Then:
    /// - no name (or nothing left) gives `<local@domain>`;
    /// - printable ASCII gives a quoted-string with `\` and `"` escaped, such as
    ///   `"Jean \"JD\" Dupont" <jd@example.com>`;
    /// - anything else (non-ASCII, a run without spaces too long to fold once quoted, or
    ///   text containing `=?`) gives RFC 2047 `=?UTF-8?B?…?=` words of at most 72
    ///   characters, followed by ` <local@domain>`.
    ///
    /// The message composer folds this value by turning some of its spaces into CRLF + SP,
    /// which does not change its meaning.
    /// - Returns: A single line of printable ASCII.
    public func headerValue() -> String {
        headerTokens().joined(separator: " ")
    }

    /// The space-separated pieces of ``headerValue()``, between which folding is allowed.
    func headerTokens() -> [String] {
        let addressToken = "<" + address.description + ">"
        let name = HeaderText.sanitize(displayName ?? "")
        guard !name.isEmpty else { return [addressToken] }
        let quoted = Self.quotedStringTokens(name)
        if let quoted, quoted.allSatisfy({ $0.utf8.count <= Self.longestQuotedWord }) {
            return quoted + [addressToken]
        }
        let words = EncodedWord.encode(
            name, firstWordBytes: Self.encodedWordBytes, otherWordsBytes: Self.encodedWordBytes
        )
        return words + [addressToken]
    }

    /// The quoted-string form of sanitised `name`, split at its spaces; `nil` unless printable ASCII.
    ///
    /// Text containing `=?` is refused too, because some decoders wrongly decode encoded
    /// words inside quoted strings.
    static func quotedStringTokens(_ name: String) -> [String]? {
        guard name.utf8.allSatisfy(ASCIIGrammar.isPrintable), !name.contains("=?") else { return nil }
        var escaped = "\""
        for character in name {
            if character == "\\" || character == "\"" { escaped += "\\" }
            escaped.append(character)
        }
        escaped += "\""
        return escaped.split(separator: " ").map(String.init)
    }
}
