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

    /// RFC 4180 CSV with a header row, CRLF line ends, values quoted only when they hold a comma, a
    /// quote or a line break.
    ///
    /// Values are exported verbatim except one: a value a spreadsheet would run as a formula (it
    /// begins with `=`, `+`, `-`, `@`, a tab or a carriage return — a server reply or a record ID
    /// can, and Excel or LibreOffice would evaluate it on opening) gets a leading `'`, which
    /// spreadsheets show as text and hide. `facteur audit --format json` keeps every value as stored,
    /// and the hashes are computed over the stored values, not this export.
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
        fields.map { value in
            let field = neutralisingFormula(value)
            if field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) {
                return "\"" + field.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
            }
            return field
        }.joined(separator: ",") + "\r\n"
    }

    /// The value with a leading `'` when a spreadsheet would read it as a formula.
    static func neutralisingFormula(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return value }
        return "'" + value
    }
}
