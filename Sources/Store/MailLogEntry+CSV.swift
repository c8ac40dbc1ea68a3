extension MailLogEntry {
    /// The CSV columns, in order: every column of the log, hashes included.
    public static let csvColumns = ["seq", "at", "event", "outbox_id", "record_id", "record_type", "message_id", "recipient",
                                    "outcome", "reply", "attachment_sha256", "possible_duplicate", "detail", "prev_hash", "hash"]

    /// The row's values in ``csvColumns`` order (nulls as empty strings, booleans as `1`/`0`).
    public var csvFields: [String] {
        [String(seq), at, event, outboxID.map { String($0) } ?? "", recordID ?? "", recordType ?? "", messageID ?? "",
         recipient ?? "", outcome ?? "", reply ?? "", attachmentSHA256 ?? "", possibleDuplicate ? "1" : "0", detail ?? "",
         previousHash, hash]
    }

    /// RFC 4180 CSV with a header row, CRLF line ends, values exported verbatim (the audit trail
    /// must not be altered) and quoted only when they hold a comma, a quote or a line break.
    ///
    /// Shared by `facteur audit --format csv` and the web page's `/log.csv`, so both files are the same.
    /// - Parameter entries: The rows, in the order to write them.
    /// - Returns: The CSV text.
    public static func csv(_ entries: [MailLogEntry]) -> String {
        var out = csvRecord(csvColumns)
        for entry in entries { out += csvRecord(entry.csvFields) }
        return out
    }

    /// One CSV record with its CRLF.
    static func csvRecord(_ fields: [String]) -> String {
        fields.map { field in
            if field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) {
                return "\"" + field.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
            }
            return field
        }.joined(separator: ",") + "\r\n"
    }
}
