import FacteurCore
import Foundation
import Store
import Testing

/// The invoice facts Store reads out of the stored Qonto JSON, with the Qonto client's fallbacks.
@Suite struct InvoiceFactsTests {
    func held(_ id: String, type: String = "supplier_invoice", json: String) -> QontoRecord {
        QontoRecord(recordType: type, recordID: id, contentHash: "h-\(id)", updatedAt: "2026-11-20T09:00:00.000Z",
                    disposition: "held", reason: "test", rawJSON: json)
    }

    @Test func factsFollowQontosFieldsForSuppliersAndClientsAndSurviveBadJSON() throws {
        let path = "\(FileManager.default.temporaryDirectory.path)/facteur-facts-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let records = QontoRecords(database: try FacteurDatabase.open(dataDirectory: path))
        _ = try records.commitWindow(forwarded: [], held: [
            held("s1", json: #"{"supplier_name":"Dupont","invoice_number":"F-1","total_amount":{"value":"12.50","currency":"EUR"},"issue_date":"2026-11-03T00:00:00Z","file_name":"f.pdf"}"#),
            held("c1", type: "client_invoice", json: #"{"client":{"name":"Martin SA"},"number":"C-9","total_amount":{"value":99.9,"currency":"EUR"}}"#),
            held("bad", json: "{not json"),
        ], marker: nil, now: Date())
        let supplier = try records.facts(recordType: "supplier_invoice", recordID: "s1").facts
        #expect(supplier == InvoiceFacts(counterpartyName: "Dupont", invoiceNumber: "F-1", amount: "12.50", currency: "EUR",
                                         issueDate: "2026-11-03", fileName: "f.pdf"))
        let client = try records.facts(recordType: "client_invoice", recordID: "c1").facts
        #expect(client.counterpartyName == "Martin SA")
        #expect(client.invoiceNumber == "C-9")
        #expect(client.amount == "99.9")
        // A record that is not JSON has no facts rather than an error; one never stored neither
        #expect(try records.facts(recordType: "supplier_invoice", recordID: "bad").facts.isEmpty)
        #expect(try records.facts(recordType: "supplier_invoice", recordID: "none").facts.isEmpty)
        #expect(try records.facts(recordIDs: ["s1", "c1", "bad", "none"]).keys.sorted() == ["bad", "c1", "s1"])
        #expect(try records.pending().first { $0.record.recordID == "s1" }?.facts.invoiceNumber == "F-1")
    }
}
