import FacteurCore
import FacteurTesting
import Foundation
import Store
import Testing

/// The counterparty directory and the books' invoices, the same on both engines.
@Suite("Counterparty book and ledger on SQLite and PostgreSQL", .postgresServer, .processHeavy)
struct DirectoryAndLedgerTests {
    let t0 = Date(timeIntervalSince1970: 1_795_612_921)

    @Test("counterparties are upserted, replaced per source and kind, listed by ID and counted", arguments: Engine.allCases)
    func counterparties(engine: Engine) async throws {
        try await withWorkspace(engine) { (store: WorkspaceUnderTest) async throws in
            let book = store.counterparties
            #expect(try book.upsert([
                Counterparty(id: "pl:2", kind: .supplier, name: "Beta", siren: "552100554", source: "pennylane"),
                Counterparty(id: "pl:1", kind: .supplier, name: "Alpha", source: "pennylane"),
                Counterparty(id: "pl:9", kind: .customer, name: "Client", source: "pennylane"),
                Counterparty(id: "learned:x", kind: .supplier, name: "X", source: "learned"),
            ], now: t0) == 4)
            #expect(try book.upsert([Counterparty(id: "pl:1", kind: .supplier, name: "Alpha SA", source: "pennylane")], now: t0) == 1)
            #expect(try book.all(kind: .supplier).map(\.name) == ["X", "Alpha SA", "Beta"])
            #expect(try book.all(kind: .supplier).last?.siren == "552100554")
            #expect(try book.replace(source: "pennylane", kind: .supplier,
                                           with: [Counterparty(id: "pl:3", kind: .supplier, name: "Gamma", source: "pennylane")], now: t0) == 1)
            #expect(try book.all(kind: .supplier).map(\.id) == ["learned:x", "pl:3"])
            #expect(try book.counts() == ["pennylane": 2, "learned": 1])
        }
    }

    @Test("ledger invoices are upserted, replaced per source, found by counterparty and counted", arguments: Engine.allCases)
    func ledger(engine: Engine) async throws {
        try await withWorkspace(engine) { store in
            let ledger = store.ledger
            let credit = LedgerInvoice(source: "fec", sourceRef: "AC-2", kind: "supplier", counterpartyID: "pl:1", invoiceNumber: "AV 0042",
                                       amountCents: 1_250, date: "2026-10-02", label: "avoir", isCreditNote: true)
            let undated = LedgerInvoice(source: "pennylane", sourceRef: "9", kind: "supplier", counterpartyID: "pl:1", invoiceNumber: nil,
                                        amountCents: nil, date: nil, label: nil)
            let other = LedgerInvoice(source: "pennylane", sourceRef: "10", kind: "supplier", counterpartyID: "pl:2",
                                      invoiceNumber: "F-1", amountCents: 100, date: "2026-09-01", label: nil)
            #expect(try ledger.upsert([credit, undated, other], now: t0) == 3)
            let found = try ledger.invoices(counterpartyIDs: ["pl:1"])
            #expect(found == [undated, credit])
            #expect(found.last?.invoiceNumberKey == "AV0042" && found.last?.isCreditNote == true)
            #expect(try ledger.invoices(counterpartyIDs: []).isEmpty)
            #expect(try ledger.replace(source: "pennylane", with: [other], now: t0) == 1)
            #expect(try ledger.counts() == ["fec": 1, "pennylane": 1])
            #expect(try ledger.invoices(counterpartyIDs: ["pl:1", "pl:2"]).map(\.sourceRef) == ["10", "AC-2"])
        }
    }
}
