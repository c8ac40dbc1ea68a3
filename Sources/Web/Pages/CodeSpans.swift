/// A text whose `` `commands` `` are shown as code rather than with literal backticks: the
/// application's help and remedies quote commands that way, and a page writes them as `<code>`.
struct CodeSpans {
    struct Span {
        let text: String
        /// Whether the span was quoted (rendered in `<code>`).
        let code: Bool
    }

    let spans: [Span]

    /// Splits on backticks; an unpaired backtick is kept as text.
    init(_ text: String) {
        let parts = text.split(separator: "`", omittingEmptySubsequences: false).map(String.init)
        guard parts.count % 2 == 1 else {
            spans = [Span(text: text, code: false)]
            return
        }
        spans = parts.enumerated().compactMap { index, part in
            part.isEmpty ? nil : Span(text: part, code: index % 2 == 1)
        }
    }
}
