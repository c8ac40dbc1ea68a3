import FacteurCore
import Foundation
import Curl
import QontoAPI
import Testing

/// The client's decoding against JSON written from the examples documented in qonto-api.md — not
/// only against the sandbox, which could share a misreading with the client.
@Suite struct DocumentedShapeTests {
    func fixture(_ name: String) throws -> [String: Any] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    @Test func documentedSupplierInvoicePageDecodes() throws {
        let page = try fixture("supplier-invoices-page-1-documented")
        let items = try #require(page["supplier_invoices"] as? [[String: Any]])
        let invoices = try items.map { try QontoInvoice(kind: .supplier, json: $0) }
        #expect(invoices.count == 2)
        let first = invoices[0]
        #expect(first.id == "5b0e2c8e-1f4a-4c1e-9d7e-000000000001")
        #expect(first.counterpartyName == "Société d'Énergie du Léman SARL")
        #expect(first.amount == "1234.56")
        #expect(first.decimalAmount == Decimal(string: "1234.56"))
        #expect(first.attachmentID == "a7f3c9d1-0000-4b6e-9c11-000000000101")
        #expect(first.isNonFinancial == false && first.isInvoice == true)
        #expect(Timestamp.format(first.updatedAt) == "2026-04-12T08:01:09.530Z")
        // The unknown field is kept in the raw JSON, not lost
        #expect(String(decoding: first.rawJSON, as: UTF8.self).contains("some_future_field"))
        // The second item omits keys, is non-financial and uses an offset timestamp
        let second = invoices[1]
        #expect(second.isNonFinancial && second.amount == nil && second.counterpartyName == nil)
        #expect(Timestamp.format(second.updatedAt) == "2026-04-13T08:00:00.000Z")
    }

    @Test func contentFieldsIgnoreStatusButNotAmountOrFile() throws {
        let items = try #require(try fixture("supplier-invoices-page-1-documented")["supplier_invoices"] as? [[String: Any]])
        var json = items[0]
        let original = try QontoInvoice(kind: .supplier, json: json)
        json["status"] = "paid"
        json["updated_at"] = "2026-05-10T09:00:00.000Z"
        #expect(try QontoInvoice(kind: .supplier, json: json).contentFields == original.contentFields)
        json["total_amount"] = ["value": "1234.57", "currency": "EUR"]
        #expect(try QontoInvoice(kind: .supplier, json: json).contentFields != original.contentFields)
    }

    @Test func aClientInvoiceReadsTheClientsDocumentedTaxIdentificationNumber() throws {
        // Qonto's client object (docs.qonto.com, Create/Retrieve a client) has `vat_number` and
        // `tax_identification_number`, not `tin`.
        let invoice = try QontoInvoice(kind: .customer, json: [
            "id": "ci-1", "updated_at": "2026-05-10T09:00:00.000Z", "number": "INV001",
            "client": ["id": "cl-1", "name": "Garage Roche", "vat_number": "FR83404833048", "tax_identification_number": "404833048"],
        ])
        #expect(invoice.tin == "404833048")
        #expect(invoice.vatNumber == "FR83404833048")
    }

    @Test func recordsWithoutIdOrTimestampAreDecodingErrors() {
        #expect(throws: QontoError.self) { try QontoInvoice(kind: .supplier, json: ["updated_at": "2026-01-01T00:00:00Z"]) }
        #expect(throws: QontoError.self) { try QontoInvoice(kind: .supplier, json: ["id": "x", "updated_at": "yesterday"]) }
    }

    @Test func timestampsWithFractionsAndOffsets() {
        #expect(QontoTime.parse("2021-03-03T16:06:38.000Z").map(Timestamp.format) == "2021-03-03T16:06:38.000Z")
        #expect(QontoTime.parse("2022-03-04T17:58:30+02:00").map(Timestamp.format) == "2022-03-04T15:58:30.000Z")
        #expect(QontoTime.parse("2022-03-04T17:58:30-05:30").map(Timestamp.format) == "2022-03-04T23:28:30.000Z")
        #expect(QontoTime.parse("2024-01-03T06:27:51.638123Z").map(Timestamp.format) == "2024-01-03T06:27:51.638Z")
        #expect(QontoTime.parse("2024-01-03") == nil)
        #expect(QontoTime.filterValue(Date(timeIntervalSince1970: 1_795_612_921.9)) == "2026-11-25T13:22:01Z")
    }

    @Test func formEncodingEscapesEverythingButUnreserved() {
        #expect(FormEncoding.escape("filter[updated_at_from]") == "filter%5Bupdated_at_from%5D")
        #expect(FormEncoding.escape("a b&c=d/é") == "a%20b%26c%3Dd%2F%C3%A9")
        #expect(FormEncoding.encode(["b": "2", "a": "x y"]) == "a=x%20y&b=2")
    }
}
