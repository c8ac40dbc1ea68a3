import FacteurCore
import Foundation
import PennylaneAPI
import PennylaneSandbox
import Testing

/// Cursor pagination and the documented shapes, over real HTTP.
@Suite struct PaginationTests {
    @Test func suppliersArriveThroughSeveralCursorPagesToTheEnd() async throws {
        try await Harness.withSandbox({ $0.dataset = PennylaneDataset(suppliers: PennylaneDataset.numberedSuppliers(45)) }) { sandbox in
            let box = try Harness.client(sandbox, pageSize: 10, sleep: SleepRecorder().sleep)
            let pages = try await Harness.run {
                var pages: [[Int]] = []
                try box.client.suppliers { pages.append($0.map(\.id)) }
                return pages
            }
            #expect(pages.map(\.count) == [10, 10, 10, 10, 5])
            #expect(pages.flatMap { $0 } == Array(1...45))
            let requests = await sandbox.requests()
            #expect(requests.map(\.path) == Array(repeating: "/suppliers", count: 5))
            #expect(requests.allSatisfy { $0.query["limit"] == "10" && $0.status == 200 })
            #expect(requests[0].query["cursor"] == nil)
            #expect(requests.dropFirst().allSatisfy { $0.query["cursor"] != nil })
            #expect(Set(requests.compactMap { $0.query["cursor"] }).count == 4)
        }
    }

    @Test func suppliersAndCustomersDecodeTheirIdentifiers() async throws {
        try await Harness.withSandbox { sandbox in
            let box = try Harness.client(sandbox, sleep: SleepRecorder().sleep)
            let (suppliers, customers) = try await Harness.run {
                var suppliers: [PennylaneSupplier] = [], customers: [PennylaneCustomer] = []
                try box.client.suppliers { suppliers += $0 }
                try box.client.customers { customers += $0 }
                return (suppliers, customers)
            }
            #expect(suppliers.map(\.id) == [1001, 1002, 1003, 1004, 1005])
            let papeterie = try #require(suppliers.first)
            #expect(papeterie.name == "Papeterie Lumière SARL")
            #expect(papeterie.regNo == "732829320" && papeterie.establishmentNo == "73282932000074")
            #expect(papeterie.vatNumber == "FR44732829320" && papeterie.iban == "FR7630006000011234567890189")
            #expect(papeterie.ledgerAccountID == 40_101 && papeterie.updatedAt != nil)
            // Pennylane sends "" for a missing VAT number or IBAN: read as nil
            let plumber = try #require(suppliers.last)
            #expect(plumber.vatNumber == nil && plumber.iban == nil && plumber.regNo == nil)
            #expect(customers.map(\.name) == ["Atelier Céleste SAS", "Café des Arts"])
            #expect(customers[0].billingIBAN == "FR1420041010050500013M02606" && customers[0].regNo == "552100554")
            #expect(customers[0].ledgerAccountID == 41_101 && customers[1].billingIBAN == nil)
        }
    }
}
