public import Store

/// Renders the mail log for `facteur audit` as a table, CSV or JSON lines.
public enum AuditReport {
    /// The CSV columns, in order.
    public static let columns = ["seq", "at", "event", "outbox_id", "record_id", "record_type", "message_id", "recipient",
                                 "outcome", "reply", "attachment_sha256", "possible_duplicate", "detail", "prev_hash", "hash"]

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

    /// RFC 4180 CSV with a header row: every column, hashes included, for archiving.
    public static func csv(_ entries: [MailLogEntry]) -> String {
        var out = TextTable.csvRecord(columns)
        for entry in entries {
            out += TextTable.csvRecord([
                String(entry.seq), entry.at, entry.event, entry.outboxID.map { String($0) } ?? "", entry.recordID ?? "",
                entry.recordType ?? "", entry.messageID ?? "", entry.recipient ?? "", entry.outcome ?? "", entry.reply ?? "",
                entry.attachmentSHA256 ?? "", entry.possibleDuplicate ? "1" : "0", entry.detail ?? "", entry.previousHash, entry.hash,
            ])
        }
        return out
    }
}
