import FacteurCore
import PostgresNIO
import Store

/// The invoice facts of stored records, read out of the record as Qonto sent it with PostgreSQL's
/// JSON operators, with the same fallbacks as SQLite's (``Store/QontoRecords`` `factColumns`):
/// `supplier_name`, else `client.name`, else `client_name`; `invoice_number`, else `number`. A
/// record that is not valid JSON has no facts rather than an error (`facteur_json_or_empty`,
/// migration 2).
extension PostgresRecordArchive {
    /// The join that parses `alias.raw_json` once per row as `\(alias)_json`.
    static func factJoin(_ alias: String) -> String {
        "CROSS JOIN LATERAL (SELECT facteur_json_or_empty(\(alias).raw_json) AS j) AS \(alias)_json"
    }

    /// The columns `f_counterparty`, `f_number`, `f_amount`, `f_currency`, `f_issue_date`,
    /// `f_file_name` of the row joined with ``factJoin(_:)``.
    static func factColumns(_ alias: String) -> String {
        let j = "\(alias)_json.j"
        return """
            COALESCE(\(j) ->> 'supplier_name', \(j) #>> '{client,name}', \(j) ->> 'client_name') AS f_counterparty,
            COALESCE(\(j) ->> 'invoice_number', \(j) ->> 'number') AS f_number,
            \(j) #>> '{total_amount,value}' AS f_amount,
            \(j) #>> '{total_amount,currency}' AS f_currency,
            substr(\(j) ->> 'issue_date', 1, 10) AS f_issue_date,
            \(j) ->> 'file_name' AS f_file_name
            """
    }

    /// The facts from a row selected with ``factColumns(_:)``.
    static func facts(from row: PostgresRandomAccessRow) throws -> InvoiceFacts {
        InvoiceFacts(counterpartyName: try row.column("f_counterparty"), invoiceNumber: try row.column("f_number"),
                     amount: try row.column("f_amount"), currency: try row.column("f_currency"),
                     issueDate: try row.column("f_issue_date"), fileName: try row.column("f_file_name"))
    }

    /// What is known of a record's latest version and why it was decided so (empty facts when it
    /// was never stored, e.g. a manual `facteur forward`).
    func factsAsync(recordType: String, recordID: String) async throws(StoreError) -> (facts: InvoiceFacts, explanation: String?) {
        try await connection.read("read a record's facts", """
                SELECT r.match_explanation, \(unescaped: Self.factColumns("r")) FROM qonto_records AS r \(unescaped: Self.factJoin("r"))
                WHERE r.workspace = \(workspace.rawValue) AND r.record_type = \(recordType) AND r.record_id = \(recordID)
                ORDER BY r.seen_at DESC LIMIT 1
                """) { rows in
            guard let row = rows.first else { return (InvoiceFacts(), nil) }
            return (try Self.facts(from: row), try row.column("match_explanation", as: String?.self))
        }
    }

    /// The facts of the latest version of each of these records, by Qonto ID; IDs never stored are absent.
    func factsAsync(recordIDs: Set<String>) async throws(StoreError) -> [String: InvoiceFacts] {
        guard !recordIDs.isEmpty else { return [:] }
        let ids = recordIDs.sorted()
        return try await connection.read("read records' facts", """
                SELECT r.record_id, \(unescaped: Self.factColumns("r")) FROM qonto_records AS r \(unescaped: Self.factJoin("r"))
                WHERE r.workspace = \(workspace.rawValue) AND r.record_id = ANY(\(ids))
                  AND NOT EXISTS (SELECT 1 FROM qonto_records AS later WHERE later.workspace = r.workspace
                                  AND later.record_type = r.record_type AND later.record_id = r.record_id AND later.seen_at > r.seen_at)
                """) { rows in
            var facts: [String: InvoiceFacts] = [:]
            for row in rows {
                facts[try row.column("record_id")] = try Self.facts(from: row)
            }
            return facts
        }
    }
}
