public import FacteurCore

/// Renders outbox listings for `facteur outbox` (mailq-like).
public enum OutboxReport {
    /// A table: id, state, attempts, next attempt, recipient, record ID, last reply or error.
    public static func table(_ messages: [OutboxMessage]) -> String {
        let header = ["ID", "STATE", "ATT", "NEXT ATTEMPT", "RECIPIENT", "QONTO ID", "LAST REPLY / REASON"]
        let rows = messages.map { message -> [String] in
            let flag = message.possibleDuplicate && message.state != .sent ? " (possible duplicate)" : ""
            let reason = message.state == .sent ? (message.lastReply ?? "") : (message.lastError ?? message.lastReply ?? "")
            return [String(message.id), message.state.rawValue + flag, String(message.attempts),
                    message.nextAttemptAt.map { String($0.prefix(19)) } ?? "-", message.recipient, message.recordID,
                    TextTable.oneLine(reason, limit: 100)]
        }
        return TextTable.render(header: header, rows: rows)
    }

    /// A one-line summary of counts per state, e.g. `3 messages: 2 sent, 1 deferred`.
    public static func counts(_ counts: [OutboxState: Int]) -> String {
        let total = counts.values.reduce(0, +)
        let parts = OutboxState.allCases.compactMap { state in counts[state].map { "\($0) \(state.rawValue)" } }
        return "\(total) message\(total == 1 ? "" : "s")" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", "))
    }
}

/// Plain-text tables and CSV for terminal listings.
public enum TextTable {
    /// Left-aligned columns separated by two spaces.
    public static func render(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.indices.map { column in
                column == row.count - 1 ? row[column] : row[column].padding(to: widths[column])
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// Folds a possibly multi-line text to one line, cut at `limit` characters.
    public static func oneLine(_ text: String, limit: Int) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " | ")
        return line.count > limit ? String(line.prefix(limit - 1)) + "…" : line
    }

    /// One CSV record (RFC 4180): fields quoted when needed, quotes doubled, CRLF-terminated.
    public static func csvRecord(_ fields: [String]) -> String {
        fields.map { field in
            // Values are exported verbatim (the audit trail must not be altered), quoted when needed.
            if field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) {
                return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return field
        }.joined(separator: ",") + "\r\n"
    }
}

private extension String {
    func padding(to width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }

    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
