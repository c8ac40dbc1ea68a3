/// Errors and action results as one short line for a page.
enum OneLine {
    /// The longest line shown.
    static let limit = 300

    /// A text's lines joined with ` | `, cut at ``limit`` characters.
    static func of(_ text: String) -> String {
        let joined = text.split(whereSeparator: \.isNewline).joined(separator: " | ")
        return joined.count > limit ? String(joined.prefix(limit - 1)) + "…" : joined
    }

    /// An error's description as one line.
    static func of(_ error: any Error) -> String {
        of(String(describing: error))
    }
}
