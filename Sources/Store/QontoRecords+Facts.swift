public import FacteurCore
import GRDB

/// The invoice facts (supplier, number, amount, date, file) of stored Qonto records, read out of
/// the record as Qonto sent it with SQLite's JSON functions, with the same fallbacks as the Qonto
/// client's decoder (`supplier_name`, else `client.name`, else `client_name`; `invoice_number`,
/// else `number`). A record that is not valid JSON has no facts rather than an error.
extension QontoRecords {
    /// The SQL columns `f_counterparty`, `f_number`, `f_amount`, `f_currency`, `f_issue_date`,
    /// `f_file_name` for the row aliased `alias`.
    static func factColumns(_ alias: String) -> String {
        let json = "(CASE WHEN json_valid(\(alias).raw_json) THEN \(alias).raw_json ELSE '{}' END)"
        func text(_ path: String) -> String { "CAST(json_extract(\(json), '\(path)') AS TEXT)" }
        return """
            COALESCE(\(text("$.supplier_name")), \(text("$.client.name")), \(text("$.client_name"))) AS f_counterparty,
            COALESCE(\(text("$.invoice_number")), \(text("$.number"))) AS f_number,
            \(text("$.total_amount.value")) AS f_amount,
            \(text("$.total_amount.currency")) AS f_currency,
            substr(\(text("$.issue_date")), 1, 10) AS f_issue_date,
            \(text("$.file_name")) AS f_file_name
            """
    }

    /// The facts from a row selected with ``factColumns(_:)``.
    static func facts(from row: Row) -> InvoiceFacts {
        InvoiceFacts(counterpartyName: row["f_counterparty"], invoiceNumber: row["f_number"], amount: row["f_amount"],
                     currency: row["f_currency"], issueDate: row["f_issue_date"], fileName: row["f_file_name"])
    }

    /// The facts and match explanation of the latest version seen of a record (empty facts when
    /// Facteur never stored it, e.g. a manual `facteur forward`).
    public func facts(recordType: String, recordID: String) throws(StoreError) -> (facts: InvoiceFacts, explanation: String?) {
        try database.read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT r.match_explanation, \(Self.factColumns("r")) FROM qonto_records AS r
                WHERE r.record_type = ? AND r.record_id = ? ORDER BY r.seen_at DESC LIMIT 1
                """), arguments: [recordType, recordID]) else { return (InvoiceFacts(), nil) }
            return (Self.facts(from: row), row["match_explanation"])
        }
    }

    /// The facts of the latest version of each of these records, by Qonto ID (the mail log's
    /// counterparty and invoice-number filters). IDs never stored are absent.
    public func facts(recordIDs: Set<String>) throws(StoreError) -> [String: InvoiceFacts] {
        guard !recordIDs.isEmpty else { return [:] }
        return try database.read { db in
            var facts: [String: InvoiceFacts] = [:]
            // Chunks stay under SQLite's bound-parameter limit.
            let ids = recordIDs.sorted()
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = Array(ids[start..<min(start + 500, ids.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let rows = try Row.fetchAll(db, sql: """
                    SELECT r.record_id, \(Self.factColumns("r")) FROM qonto_records AS r
                    WHERE r.record_id IN (\(marks))
                      AND NOT EXISTS (SELECT 1 FROM qonto_records AS later WHERE later.record_type = r.record_type
                                      AND later.record_id = r.record_id AND later.seen_at > r.seen_at)
                    """, arguments: StatementArguments(chunk))
                for row in rows { facts[row["record_id"]] = Self.facts(from: row) }
            }
            return facts
        }
    }
}
