import FacteurCore
import Foundation
import GRDB
import Store
import Testing

/// The typed decision stored beside each record (`reason_code`, schema v11): written by a window,
/// read back typed, and given to the rows of a database written before it had the column.
@Suite struct DecisionCodeTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    func key(_ id: String) throws -> RecordKey { try RecordKey(kind: .supplier, id: id) }

    @Test func anOldDatabasesRowsGetTheCodeTheirSentenceStatesAndTheRestStayUnknown() throws {
        let path = "\(FileManager.default.temporaryDirectory.path)/facteur-v11-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Given a data directory as schema v10 left it: rows with their sentences and no code
        do {
            let old = try FacteurDatabase.open(dataDirectory: path)
            try old.queue.write { db in
                try db.execute(sql: "ALTER TABLE qonto_records DROP COLUMN reason_code")
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v11: typed decision reasons'")
                let rows: [(String, String, String?, String?, String?)] = [
                    ("inv-nf", "held", "non-financial document: Qonto files it under Document Review, not as an invoice", nil, nil),
                    ("inv-xml", "held", "unsupported file: application/xml is not a PDF, JPEG or PNG (what Pennylane reads)", nil, nil),
                    ("inv-odd", "held", "a sentence no version wrote", nil, nil),
                    ("inv-known", "forwarded", nil, "P-1: VAT FR40303265045 agrees (+8) → 8.0", "P-1"),
                    ("inv-new", "forwarded", nil, "new counterparty: VAT FR40303265045 valid on invoice (+8) → 8.0", nil),
                    ("inv-dup", "forwarded", nil, "held: likely already in the ledger: fec L-1 (number F-1, 2026-04-16) — P-1: x", "P-1"),
                    ("inv-below", "forwarded", nil, "held: P-1: name (+2) → 2.0, below 6.0", nil),
                ]
                for (id, disposition, reason, explanation, counterparty) in rows {
                    try db.execute(sql: """
                        INSERT INTO qonto_records (record_type, record_id, content_hash, updated_at, seen_at, disposition, reason,
                            raw_json, counterparty_id, match_explanation)
                        VALUES ('supplier_invoice', ?, 'h', '2026-04-16T10:00:00Z', '2026-04-16T10:00:00Z', ?, ?, '{}', ?, ?)
                        """, arguments: [id, disposition, reason, counterparty, explanation])
                }
            }
        }
        // When today's release opens it
        let records = QontoRecords(database: try FacteurDatabase.open(dataDirectory: path))
        // Then each unambiguous sentence has its code, read back as a typed decision
        #expect(try records.latest(key("inv-nf"))?.decision == .hold(reason: .nonFinancialDocument))
        #expect(try records.latest(key("inv-xml"))?.decision == .hold(reason: .unsupportedFile))
        #expect(try records.latest(key("inv-known"))?.decision == .forward(.known(counterpartyID: "P-1")))
        #expect(try records.latest(key("inv-new"))?.decision == .forward(.newCounterparty(learn: nil)))
        #expect(try records.latest(key("inv-dup"))?.decision == .duplicate(of: .ledger))
        // And an ambiguous one is unknown, its sentence kept for people
        let odd = try #require(try records.latest(key("inv-odd")))
        #expect(odd.decision == nil && odd.reason == "a sentence no version wrote")
        #expect(try records.latest(key("inv-below"))?.decision == nil)
    }

    @Test func aWindowsDecisionIsStoredAndReadBackTypedWhateverItsSentence() throws {
        let records = QontoRecords(database: try FacteurDatabase.inMemory())
        var held = QontoRecord(recordType: "supplier_invoice", recordID: "inv-1", contentHash: "h1", updatedAt: "2026-04-16T10:00:00Z",
                               disposition: "held", reason: "fichier non pris en charge : application/xml", rawJSON: "{}")
        held.decision = .hold(reason: .unsupportedFile)
        var forwarded = QontoRecord(recordType: "supplier_invoice", recordID: "inv-2", contentHash: "h2",
                                    updatedAt: "2026-04-16T10:00:00Z", disposition: "forwarded", rawJSON: "{}")
        forwarded.counterpartyID = "P-7"
        forwarded.matchExplanation = "reworded for people"
        forwarded.decision = .forward(.known(counterpartyID: "P-7"))
        let message = NewOutboxMessage(recordID: "inv-2", recordType: "supplier_invoice", contentHash: "h2", messageID: "m2@test",
                                       sender: "factures@example.fr", recipient: "supplier@pennylane.test", subject: "Facture",
                                       attachmentName: "f.pdf", attachmentSHA256: String(repeating: "0", count: 64),
                                       spoolFile: "spool/m2.eml", size: 1)
        _ = try records.commitWindow(forwarded: [(message, forwarded)], held: [held], marker: nil, now: now)
        #expect(try records.latest(key("inv-1"))?.decision == .hold(reason: .unsupportedFile))
        #expect(try records.latest(key("inv-2"))?.decision == .forward(.known(counterpartyID: "P-7")))
        #expect(try records.held().first { $0.recordID == "inv-1" }?.decision?.isNotAnInvoice == true)
    }

    @Test func retryRequestsComeBackAsKeysOfTheViewsWorkspace() throws {
        let workspace = try #require(WorkspaceID("acme"))
        let records = QontoRecords(database: try FacteurDatabase.inMemory(), workspace: workspace)
        var held = QontoRecord(recordType: "client_invoice", recordID: "inv-9", contentHash: "h", updatedAt: "2026-04-16T10:00:00Z",
                               disposition: "held", reason: "download failed: HTTP 500", rawJSON: "{}", retryable: true)
        held.decision = .hold(reason: .downloadFailed)
        _ = try records.commitWindow(forwarded: [], held: [held], marker: nil, now: now)
        #expect(try records.requestRetry(recordType: "client_invoice", recordID: "inv-9", requestedBy: "test", now: now))
        let asked = try records.retryRequests()
        #expect(asked == [try RecordKey(workspace: workspace, kind: .customer, id: "inv-9")])
        _ = try records.commitWindow(forwarded: [], held: [], marker: nil, retried: asked, now: now)
        #expect(try records.retryRequests().isEmpty)
    }
}
