import FacteurApp
import FacteurCore
import FacteurTesting
import Foundation
import Store
import Testing

/// A supplier credit note already in the books, re-sent through Qonto, is a duplicate in the live
/// path too: the FEC import keeps credit notes (a debit on 401 outside any payment) with their
/// document type, and the window's duplicate check compares them with Qonto credit notes.
@Suite struct LedgerImportTests {
    static let header = "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\t"
        + "PieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise"

    static func line(_ journal: String, _ entry: String, _ date: String, _ account: String, _ aux: String, _ auxLabel: String,
                     _ piece: String, _ label: String, debit: String, credit: String, pieceDate: String? = nil) -> String {
        [journal, journal == "BQ" ? "Banque" : "Achats", entry, date, account, "Compte \(account)", aux, auxLabel, piece, pieceDate ?? date,
         label, debit, credit, "", "", date, "", ""].joined(separator: "\t")
    }

    static func values(_ path: String, now: Date) -> [String: String] {
        [
            "data_dir": "\(path)/data", "templates_dir": "\(Repository.root)/templates",
            "smtp_url": "file://\(path)/mail", "smtp_from": "Facteur <factures@example.fr>",
            "pennylane_supplier_inbox": "achats@pennylane.test", "pennylane_customer_inbox": "ventes@pennylane.test",
            "qonto_login": "facteur-demo", "qonto_secret_key": "sandbox-secret-key", "qonto_api_url": "http://127.0.0.1:9",
            "backfill_since": String(ISO8601DateFormatter().string(from: now.addingTimeInterval(-10 * 86_400)).prefix(10)),
        ]
    }

    @Test func aBookedCreditNoteResentThroughQontoIsHeldAndAPaymentIsNotTakenForOne() async throws {
        let directory = try TemporaryDirectory("facteur-credit-notes")
        defer { directory.remove() }
        let path = "\(directory.path)/qonto"
        try FileManager.default.createDirectory(atPath: "\(path)/files", withIntermediateDirectories: true)
        let now = Date()
        // Given a FEC with an invoice, a supplier credit note (debit on 401 against purchases) and the
        // invoice's payment (debit on 401 against the bank), all for Papeterie Lumière
        let fec = [
            Self.header,
            Self.line("HA", "HA000001", "20260105", "60640000", "", "", "PL-2026-0101", "Ramettes", debit: "99,00", credit: "0,00"),
            Self.line("HA", "HA000001", "20260105", "44566000", "", "", "PL-2026-0101", "TVA", debit: "19,80", credit: "0,00"),
            Self.line("HA", "HA000001", "20260105", "40100000", "FPAPLUM", "Papeterie Lumière SARL", "PL-2026-0101",
                      "Papeterie Lumière PL-2026-0101", debit: "0,00", credit: "118,80"),
            Self.line("HA", "HA000002", "20260115", "40100000", "FPAPLUM", "Papeterie Lumière SARL", "AV-2026-007",
                      "Papeterie Lumière avoir AV-2026-007", debit: "60,00", credit: "0,00"),
            Self.line("HA", "HA000002", "20260115", "60640000", "", "", "AV-2026-007", "Avoir ramettes", debit: "0,00", credit: "50,00"),
            Self.line("HA", "HA000002", "20260115", "44566000", "", "", "AV-2026-007", "TVA", debit: "0,00", credit: "10,00"),
            Self.line("BQ", "BQ000001", "20260120", "40100000", "FPAPLUM", "Papeterie Lumière SARL", "VIR0120",
                      "Règlement PL-2026-0101", debit: "118,80", credit: "0,00"),
            Self.line("BQ", "BQ000001", "20260120", "51200000", "", "", "VIR0120", "Règlement", debit: "0,00", credit: "118,80"),
        ].joined(separator: "\r\n") + "\r\n"
        let fecPath = "\(directory.path)/ledger.txt"
        try Data(fec.utf8).write(to: URL(fileURLWithPath: fecPath))
        let database = try FacteurDatabase.open(dataDirectory: "\(directory.path)/data")
        let summary = try ImportLedger(database: database).run(path: fecPath)
        #expect(summary.invoices == 2, "the invoice and the credit note, not the payment")
        let values = Self.values(directory.path, now: now)
        let updated = now.addingTimeInterval(-86_400)
        func record(_ id: String, _ number: String?, _ amount: String, _ issued: String, creditNote: Bool) throws -> [String: Any] {
            try DuplicateWindowTests.invoice(id, in: path, name: "Papeterie Lumière SARL", number: number, amount: amount,
                                             issued: issued, vat: DuplicateWindowTests.lumiere,
                                             extra: ["is_credit_note": creditNote], updated: updated)
        }

        // When Qonto lists the booked credit note again, and a credit note as large as the payment
        _ = try await DuplicateWindowTests.syncWindow([
            try record("credit-note-resent", "AV 2026 007", "60.00", "2026-01-15", creditNote: true),
            try record("credit-note-new", nil, "118.80", "2026-01-20", creditNote: true),
        ], directory: directory.path, values: values, database: database)

        // Then the booked credit note is held as already in the ledger, and the payment matches no credit note
        let outbox = OutboxRepository(database: database)
        let resent = try #require(try outbox.messages(recordID: "credit-note-resent").first)
        #expect(resent.state == .held, "\(resent.lastError ?? "")")
        #expect(resent.lastError?.contains("likely already in the ledger: fec") == true, "\(resent.lastError ?? "")")
        let other = try #require(try outbox.messages(recordID: "credit-note-new").first)
        #expect(other.state == .queued, "\(other.lastError ?? "")")
    }

    @Test func aFECLineIsFoundByItsDocumentDateAndByTheSupplierNumberInItsLabel() async throws {
        let directory = try TemporaryDirectory("facteur-fec-pieces")
        defer { directory.remove() }
        let path = "\(directory.path)/qonto"
        try FileManager.default.createDirectory(atPath: "\(path)/files", withIntermediateDirectories: true)
        let now = Date()
        // Given a FEC whose PieceRef is the journal's piece number, booked at the month end (EcritureDate)
        // while the documents are dated earlier in the month (PieceDate), the supplier's number in the label
        let fec = [
            Self.header,
            Self.line("HA", "HA000042", "20260228", "40100000", "FPAPLUM", "Papeterie Lumière SARL", "HA000042",
                      "Papeterie Lumière FACT PL2026/311", debit: "0,00", credit: "240,00", pieceDate: "20260203"),
            Self.line("HA", "HA000042", "20260228", "60640000", "", "", "HA000042", "Papeterie", debit: "240,00", credit: "0,00",
                      pieceDate: "20260203"),
            Self.line("HA", "HA000043", "20260228", "40100000", "FPAPLUM", "Papeterie Lumière SARL", "HA000043",
                      "Papeterie Lumière fournitures", debit: "0,00", credit: "75,00", pieceDate: "20260210"),
            Self.line("HA", "HA000043", "20260228", "60640000", "", "", "HA000043", "Papeterie", debit: "75,00", credit: "0,00",
                      pieceDate: "20260210"),
        ].joined(separator: "\r\n") + "\r\n"
        let fecPath = "\(directory.path)/ledger.txt"
        try Data(fec.utf8).write(to: URL(fileURLWithPath: fecPath))
        let database = try FacteurDatabase.open(dataDirectory: "\(directory.path)/data")
        _ = try ImportLedger(database: database).run(path: fecPath)
        let updated = now.addingTimeInterval(-86_400)
        func record(_ id: String, _ number: String?, _ amount: String, _ issued: String) throws -> [String: Any] {
            try DuplicateWindowTests.invoice(id, in: path, name: "Papeterie Lumière SARL", number: number, amount: amount,
                                             issued: issued, vat: DuplicateWindowTests.lumiere, updated: updated)
        }

        // When Qonto lists both invoices again: one with its number, one without
        _ = try await DuplicateWindowTests.syncWindow([
            try record("numbered", "PL-2026-0311", "240.00", "2026-02-03"),
            try record("unnumbered", nil, "75.00", "2026-02-10"),
            try record("another", "PL-2026-0312", "240.00", "2026-02-04"),
        ], directory: directory.path, values: Self.values(directory.path, now: now), database: database)

        // Then both are held as already booked, and an invoice with another number goes through
        let outbox = OutboxRepository(database: database)
        for id in ["numbered", "unnumbered"] {
            let message = try #require(try outbox.messages(recordID: id).first)
            #expect(message.state == .held, "\(id): \(message.lastError ?? "")")
            #expect(message.lastError?.contains("likely already in the ledger: fec") == true, "\(id): \(message.lastError ?? "")")
        }
        let another = try #require(try outbox.messages(recordID: "another").first)
        #expect(another.state == .queued, "\(another.lastError ?? "")")
    }
}
