public import Store

/// Renders the mail log for `facteur audit` as a table, CSV or JSON lines.
public enum AuditReport {
    /// The CSV columns, in order (``Store/MailLogEntry/csvColumns``).
    public static var columns: [String] { MailLogEntry.csvColumns }

    /// A table for people: time, event, outcome, record, recipient, reply.
    public static func table(_ entries: [MailLogEntry]) -> String {
        let rows = entries.map { entry in
            [String(entry.seq), String(entry.at.prefix(19)), entry.event,
             (entry.outcome ?? "-") + (entry.possibleDuplicate ? " (possible duplicate)" : ""),
             entry.outboxID.map { "#\($0)" } ?? "-", entry.recordID ?? "-", entry.recipient ?? "-",
             TextTable.oneLine(entry.reply?.isEmpty == false ? entry.reply! : (entry.detail ?? ""), limit: 90)]
        }
        return TextTable.render(header: ["SEQ", "AT (UTC)", "EVENT", "OUTCOME", "OUTBOX", "QONTO ID", "RECIPIENT", "REPLY / DETAIL"],
                                rows: rows)
    }

    /// RFC 4180 CSV with a header row: every column, hashes included, for archiving (the same file
    /// as the web page's `/log.csv`; see ``Store/MailLogEntry/csv(_:)``).
    public static func csv(_ entries: [MailLogEntry]) -> String {
        MailLogEntry.csv(entries)
    }
}
