import Curl
import FacteurApp
import FacteurCore
import FacteurTesting
import Foundation
import PennylaneAPI
import PennylaneSandbox
import QontoAPI
import QontoSandbox
import Store
import Testing

/// The duplicate families of issue 11 end to end: the Qonto sandbox serving the records, the
/// Pennylane sandbox as the directory, the sample FEC export as the ledger, then a second window
/// with a re-upload of a file Facteur forwarded in the first.
@Suite struct DuplicateWindowTests {
    static let day: TimeInterval = 86_400
    static let lumiere = "FR96552100554"

    /// One supplier invoice record; `file` names the bytes of its attachment (equal names, equal bytes).
    static func invoice(_ id: String, in path: String, name: String, number: String?, amount: String, issued: String,
                        vat: String? = nil, tin: String? = nil, file: String? = nil, extra: [String: Any] = [:],
                        updated: Date) throws -> [String: Any] {
        try Data("%PDF-1.4\n% \(file ?? id)\n%%EOF\n".utf8).write(to: URL(fileURLWithPath: "\(path)/files/att-\(id)"))
        let stamp = ISO8601DateFormatter().string(from: updated)
        var object: [String: Any] = [
            "id": id, "created_at": stamp, "updated_at": stamp, "status": "paid", "attachment_id": "att-\(id)",
            "display_attachment_id": "att-\(id)", "file_name": "\(id).pdf", "supplier_name": name, "supplier_id": "sup-\(id)",
            "total_amount": ["value": amount, "currency": "EUR"], "issue_date": issued, "is_credit_note": false,
            "is_attachment_invoice": true, "is_attachment_non_financial": false, "matched_transactions": [], "has_duplicates": false,
        ]
        object["invoice_number"] = number
        object["vat_number"] = vat
        object["tin"] = tin
        object.merge(extra) { _, new in new }
        return object
    }

    static func writeDataset(_ invoices: [[String: Any]], to path: String) throws {
        let organization: [String: Any] = ["organization": [
            "id": "org-1", "slug": "facteur-demo", "legal_name": "Atelier Facteur",
            "bank_accounts": [["id": "acc-main", "iban": "FR7616958000010000000000164", "main": true, "currency": "EUR"]],
        ]]
        for (name, object) in [("supplier_invoices", ["supplier_invoices": invoices] as Any), ("transactions", ["transactions": [Any]()]),
                               ("organization", organization)] {
            try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: "\(path)/\(name).json"))
        }
    }

    /// Runs one window against a fresh Qonto sandbox over `invoices`.
    static func syncWindow(_ invoices: [[String: Any]], directory: String, values: [String: String],
                           database: FacteurDatabase) async throws -> SyncInvoices.Summary {
        try writeDataset(invoices, to: "\(directory)/qonto")
        var qontoConfiguration = SandboxConfiguration()
        qontoConfiguration.dataset = .directory("\(directory)/qonto")
        let qonto = try await QontoSandbox.start(qontoConfiguration)
        var settings = values
        settings["qonto_api_url"] = qonto.baseURL
        let configuration = try FacteurConfiguration(values: settings)
        let summary = try await CurlWorker.run {
            let client = try QontoConnection.client(configuration, secret: { _ in nil }, saveSecret: { _, _ in }, sleep: { _ in })
            return try SyncInvoices(configuration: configuration, database: database).runBlocking(client: client)
        }
        await qonto.stop()
        return summary
    }

    @Test func everyDuplicateFamilyIsHeldAndEveryLegitimateLookalikeGoesThrough() async throws {
        let directory = try TemporaryDirectory("facteur-duplicates")
        defer { directory.remove() }
        let path = "\(directory.path)/qonto"
        try FileManager.default.createDirectory(atPath: "\(path)/files", withIntermediateDirectories: true)
        let now = Date()
        let updated = now.addingTimeInterval(-Self.day)
        var pennylaneConfiguration = PennylaneSandboxConfiguration()
        pennylaneConfiguration.dataset = PennylaneDataset(suppliers: [
            .init(id: 1, name: "Imprimerie Durand SAS", regNo: "404833048", vatNumber: "FR83404833048"),
            .init(id: 3, name: "Garage Central", regNo: "443121975", vatNumber: "FR46443121975"),
        ])
        let pennylane = try await PennylaneSandbox.start(pennylaneConfiguration)
        let database = try FacteurDatabase.open(dataDirectory: "\(directory.path)/data")
        let values = [
            "data_dir": "\(directory.path)/data", "templates_dir": "\(Repository.root)/templates",
            "smtp_url": "file://\(directory.path)/mail", "smtp_from": "Facteur <factures@example.fr>",
            "pennylane_supplier_inbox": "achats@pennylane.test", "pennylane_customer_inbox": "ventes@pennylane.test",
            "qonto_login": "facteur-demo", "qonto_secret_key": "sandbox-secret-key", "qonto_api_url": "http://127.0.0.1:9",
            "pennylane_api_url": pennylane.baseURL, "pennylane_token": PennylaneSandboxConfiguration.defaultToken,
            "company_vat_number": "FR44732829320",
            "backfill_since": String(ISO8601DateFormatter().string(from: now.addingTimeInterval(-10 * Self.day)).prefix(10)),
        ]
        // Given the books: the sample FEC has Papeterie Lumière's PL-2026-0101 (118.80 €, 2026-01-05) and
        // PL-2026-0142 (59.40 €, 2026-02-03), and the directory mirrored from Pennylane.
        _ = try ImportLedger(database: database).run(path: "\(Repository.root)/Tests/FacteurCoreTests/Fixtures/sample-fec.txt")
        let configuration = try FacteurConfiguration(values: values)
        _ = try await CurlWorker.run {
            try RefreshDirectory(database: database).runBlocking(client: try #require(try RefreshDirectory.client(configuration) { _ in nil }))
        }
        await pennylane.stop()

        // When a window lists the duplicate families and their legitimate lookalikes
        func record(_ id: String, _ name: String, _ number: String?, _ amount: String, _ issued: String, vat: String? = nil,
                    tin: String? = nil, file: String? = nil, extra: [String: Any] = [:]) throws -> [String: Any] {
            try Self.invoice(id, in: path, name: name, number: number, amount: amount, issued: issued, vat: vat, tin: tin,
                             file: file, extra: extra, updated: updated)
        }
        let window = [
            try record("dup-padding", "Papeterie Lumière SARL", "PL-2026-142", "59.40", "2026-02-03", vat: Self.lumiere),
            try record("dup-due-date", "Papeterie Lumière", "Facture N° PL 2026 0101", "118.80", "2026-02-04", vat: Self.lumiere),
            try record("ok-credit-note", "Papeterie Lumière", "AV-2026-011", "118.80", "2026-01-06", vat: Self.lumiere,
                       extra: ["is_credit_note": true]),
            try record("ok-other-number", "Papeterie Lumière", "PL-2026-0143", "59.40", "2026-02-04", vat: Self.lumiere),
            try record("ok-next-month", "Papeterie Lumière", "PL-2026-0210", "59.40", "2026-03-05", vat: Self.lumiere),
            try record("twice-a", "Imprimerie Durand", "ID-9001", "240.00", "2026-03-10", vat: "FR83404833048", file: "durand-9001"),
            try record("twice-b", "Imprimerie Durand", nil, "240.00", "2026-03-10", vat: "FR83404833048", file: "durand-9001"),
            try record("flagged", "Imprimerie Durand", "ID-9002", "80.00", "2026-03-11", vat: "FR83404833048",
                       extra: ["has_duplicates": true]),
            try record("rejected", "Imprimerie Durand", "ID-9003", "90.00", "2026-03-12", vat: "FR83404833048",
                       extra: ["status": "rejected"]),
            try record("tin-only", "Garage Central", "GC-77", "310.00", "2026-03-13", tin: "443 121 975"),
            try record("own-vat", "Garage Central", "GC-78", "320.00", "2026-03-14", vat: "FR44732829320", tin: "443121975"),
            try record("e-invoice", "Garage Central", "GC-79", "330.00", "2026-03-15", tin: "443121975",
                       extra: ["display_attachment_id": "att-e-invoice-pdf", "file_name": "GC-79.xml", "is_einvoice": true]),
        ]
        // An e-invoice: its original is XML (which Pennylane's email-in does not read), its rendition a PDF.
        try Data("<?xml version=\"1.0\"?><Invoice/>".utf8).write(to: URL(fileURLWithPath: "\(path)/files/att-e-invoice"))
        try Data("%PDF-1.4\n% rendition\n%%EOF\n".utf8).write(to: URL(fileURLWithPath: "\(path)/files/att-e-invoice-pdf"))
        let first = try await Self.syncWindow(window, directory: directory.path, values: values, database: database)
        #expect(first.listed == 12)

        // Then each duplicate is held with a typed reason named in its line, and each lookalike is queued
        let outbox = OutboxRepository(database: database)
        let records = QontoRecords(database: database)
        func outcome(_ id: String) throws -> (state: OutboxState, line: String) {
            let message = try #require(try outbox.messages(recordID: id).first, "\(id)")
            let explanation = try records.latest(recordType: "supplier_invoice", recordID: id)?.matchExplanation ?? ""
            return (message.state, message.state == .held ? (message.lastError ?? "") : explanation)
        }
        for (id, words) in [("dup-padding", "likely already in the ledger: fec"), ("dup-due-date", "number PL-2026-0101"),
                            ("twice-b", "same file as record twice-a"), ("flagged", "Qonto flags this record as having duplicates"),
                            ("rejected", "rejected in Qonto")] {
            let result = try outcome(id)
            #expect(result.state == .held, "\(id): \(result.line)")
            #expect(result.line.contains(words), "\(id): \(result.line)")
        }
        for id in ["ok-credit-note", "ok-other-number", "ok-next-month", "twice-a"] {
            let result = try outcome(id)
            #expect(result.state == .queued, "\(id): \(result.line)")
        }
        // The live path reads Qonto's `tin`: the SIREN agreement the bench credits exists in production too.
        let tin = try outcome("tin-only")
        #expect(tin.state == .queued && tin.line.contains("SIREN 443121975 agrees"), "\(tin.line)")
        // An e-invoice forwards its PDF rendition (display_attachment_id), named as a PDF.
        let eInvoice = try #require(try outbox.messages(recordID: "e-invoice").first)
        #expect(eInvoice.state == .queued)
        let spooled = try String(contentsOfFile: "\(directory.path)/data/\(eInvoice.spoolFile)", encoding: .utf8)
        #expect(spooled.contains("GC-79.pdf") && spooled.contains("application/pdf"))
        // The company's own VAT number (company_vat_number), picked up as the supplier's, is ignored, not a conflict.
        let own = try outcome("own-vat")
        #expect(own.state == .queued && own.line.contains("company's own, ignored"), "\(own.line)")
        #expect(first.held["likely duplicate"] == 4 && first.held["rejected in Qonto"] == 1, "\(first.held)")

        // And a later window's re-upload (another scan) of an invoice Facteur already forwarded is caught
        // against its own records: listed after the first window's end, so only the second window reads it
        try await Task.sleep(nanoseconds: 1_100_000_000)
        let second = try await Self.syncWindow([
            try Self.invoice("reupload", in: path, name: "Garage Central", number: "GC 77", amount: "310.00", issued: "2026-03-13",
                             tin: "443121975", file: "other-scan", updated: Date()),
        ], directory: directory.path, values: values, database: database)
        #expect(second.held["likely duplicate"] == 1, "\(second.held)")
        let reupload = try outcome("reupload")
        #expect(reupload.state == .held && reupload.line.contains("already forwarded as record tin-only"), "\(reupload.line)")
    }
}
