import FacteurCore
import Foundation
import PennylaneAPI
import PennylaneSandbox
import Testing

/// "Already in Pennylane?": supplier-invoice lookups through the `filter` JSON array.
@Suite struct SupplierInvoiceTests {
    static func invoices(_ sandbox: PennylaneSandbox, _ filters: [PennylaneFilter]) async throws -> [PennylaneSupplierInvoice] {
        let box = try Harness.client(sandbox, sleep: SleepRecorder().sleep)
        return try await Harness.run {
            var all: [PennylaneSupplierInvoice] = []
            try box.client.supplierInvoices(filters: filters) { all += $0 }
            return all
        }
    }

    @Test func supplierIDAndInvoiceNumberFindExactlyThatInvoice() async throws {
        try await Harness.withSandbox { sandbox in
            let found = try await Self.invoices(sandbox, [PennylaneFilter("supplier_id", .eq, "1001"),
                                                          PennylaneFilter("invoice_number", .eq, "PL-2026-0142")])
            let invoice = try #require(found.first)
            #expect(found.count == 1)
            #expect(invoice.id == 5002 && invoice.supplierID == 1001 && invoice.invoiceNumber == "PL-2026-0142")
            #expect(invoice.amount == Decimal(sign: .plus, exponent: -2, significand: 5940))
            #expect(invoice.currency == "EUR" && invoice.date == LedgerDate(year: 2026, month: 2, day: 3))
            #expect(invoice.filename == "papeterie-2026-0142.pdf" && invoice.accountingStatus == "validation_needed")
            let filter = try #require(await sandbox.requests().last?.query["filter"])
            let sent = try #require(try JSONSerialization.jsonObject(with: Data(filter.utf8)) as? [[String: String]])
            #expect(sent == [["field": "supplier_id", "operator": "eq", "value": "1001"],
                             ["field": "invoice_number", "operator": "eq", "value": "PL-2026-0142"]])
            // the same number at another supplier is not a match
            #expect(try await Self.invoices(sandbox, [PennylaneFilter("supplier_id", .eq, "1002"),
                                                      PennylaneFilter("invoice_number", .eq, "PL-2026-0142")]).isEmpty)
        }
    }

    @Test func numberVariantsAndADateWindowNarrowTheList() async throws {
        try await Harness.withSandbox { sandbox in
            let byNumbers = try await Self.invoices(sandbox, [PennylaneFilter("invoice_number", .in, ["TM/2026/17", "TM-2026-17", "BE-889"])])
            #expect(byNumbers.map(\.id).sorted() == [5003, 5004])
            let window = try await Self.invoices(sandbox, [PennylaneFilter("date", .gteq, "2026-02-09"), PennylaneFilter("date", .lteq, "2026-02-28")])
            #expect(window.map(\.id).sorted() == [5003, 5004, 5005])
            #expect(window.first { $0.id == 5004 }?.amount == Decimal(1450))
        }
    }

    @Test func anUnlinkedDraftHasNoSupplierAndNoNumber() async throws {
        try await Harness.withSandbox { sandbox in
            await sandbox.add(PennylaneDataset.SupplierInvoice(id: 7001, invoiceNumber: "X-1", amount: "0.10", date: "2026-03-02", supplierID: 1005))
            let all = try await Self.invoices(sandbox, [])
            #expect(all.count == 7)
            let draft = try #require(all.first { $0.id == 5006 })
            #expect(draft.supplierID == nil && draft.invoiceNumber == nil && draft.accountingStatus == "draft")
            #expect(all.first { $0.id == 7001 }?.amount == Decimal(sign: .plus, exponent: -2, significand: 10))
        }
    }
}
