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

/// One window end to end: the Qonto sandbox serving six invented invoices, the Pennylane sandbox
/// (read only, over HTTP) as the directory, a FEC export as the ledger; each invoice ends in the
/// state its evidence calls for, with its explanation.
@Suite struct MatchingWindowTests {
    static let day: TimeInterval = 86_400

    /// A Qonto dataset directory: the organisation, six supplier invoices with PDF files, one transaction.
    static func writeQontoDataset(to path: String, now: Date) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: "\(path)/files", withIntermediateDirectories: true)
        let stamp = ISO8601DateFormatter().string(from: now.addingTimeInterval(-Self.day))
        let recent = String(ISO8601DateFormatter().string(from: now.addingTimeInterval(-3 * Self.day)).prefix(10))
        func invoice(_ id: String, name: String, number: String, amount: String, vat: String? = nil, iban: String? = nil,
                     issued: String) throws -> [String: Any] {
            try Data("%PDF-1.4\n% invoice \(id)\n%%EOF\n".utf8).write(to: URL(fileURLWithPath: "\(path)/files/att-\(id)"))
            var object: [String: Any] = [
                "id": id, "created_at": stamp, "updated_at": stamp, "status": "paid", "attachment_id": "att-\(id)",
                "file_name": "\(number).pdf", "invoice_number": number, "supplier_name": name, "supplier_id": "sup-\(id)",
                "total_amount": ["value": amount, "currency": "EUR"], "issue_date": issued, "is_credit_note": false,
                "is_attachment_invoice": true, "is_attachment_non_financial": false, "matched_transactions": [],
            ]
            object["vat_number"] = vat
            object["iban"] = iban
            return object
        }
        let invoices = [
            try invoice("inv-vat", name: "Imprimerie Durand", number: "ID-7781", amount: "120.00", vat: "FR83404833048", issued: recent),
            try invoice("inv-iban", name: "Transports Lefèvre", number: "TL-2026-044", amount: "240.00",
                        iban: "FR7630006000011234567890189", issued: recent),
            try invoice("inv-new", name: "Atelier Nouveau SAS", number: "AN-0001", amount: "360.00", vat: "FR44732829320", issued: recent),
            try invoice("inv-dup", name: "Papeterie Lumière SARL", number: "PL-2026-0101", amount: "118.80",
                        vat: "FR96552100554", issued: "2026-01-06"),
            try invoice("inv-win", name: "Menuiserie Étienne", number: "ME-12", amount: "500.00",
                        iban: "FR0810278060000002000000170", issued: recent),
            try invoice("inv-lose", name: "Plomberie Garnier", number: "PG-88", amount: "500.00", issued: recent),
        ]
        let transaction: [String: Any] = [
            "id": "tx-500", "transaction_id": "tx-500", "bank_account_id": "acc-main", "amount": 500.0, "amount_cents": 50_000,
            "side": "debit", "status": "completed", "currency": "EUR", "label": "MENUISERIE ETIENNE",
            "clean_counterparty_name": "MENUISERIE ETIENNE", "settled_at": stamp, "emitted_at": stamp,
            "created_at": stamp, "updated_at": stamp, "attachment_ids": [],
            "transfer": ["counterparty_account_number": "FR0810278060000002000000170"],
        ]
        let organization: [String: Any] = ["organization": [
            "id": "org-1", "slug": "facteur-demo", "legal_name": "Atelier Facteur",
            "bank_accounts": [["id": "acc-main", "iban": "FR7616958000010000000000164", "main": true, "currency": "EUR"]],
        ]]
        for (name, object) in [("supplier_invoices", ["supplier_invoices": invoices] as Any), ("transactions", ["transactions": [transaction]]),
                               ("organization", organization)] {
            try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: "\(path)/\(name).json"))
        }
    }

    @Test func eachInvoiceOfTheWindowEndsInTheStateItsEvidenceCallsFor() async throws {
        let directory = try TemporaryDirectory("facteur-matching")
        defer { directory.remove() }
        let now = Date()
        try Self.writeQontoDataset(to: "\(directory.path)/qonto", now: now)
        var qontoConfiguration = SandboxConfiguration()
        qontoConfiguration.dataset = .directory("\(directory.path)/qonto")
        let qonto = try await QontoSandbox.start(qontoConfiguration)
        var pennylaneConfiguration = PennylaneSandboxConfiguration()
        pennylaneConfiguration.dataset = PennylaneDataset(suppliers: [
            .init(id: 1, name: "Imprimerie Durand SAS", regNo: "404833048", vatNumber: "FR83404833048"),
            .init(id: 2, name: "Transports Lefèvre", iban: "FR7630006000011234567890189"),
            .init(id: 3, name: "Garage Central", regNo: "443121975", vatNumber: "FR46443121975"),
        ])
        let pennylane = try await PennylaneSandbox.start(pennylaneConfiguration)
        let database = try FacteurDatabase.open(dataDirectory: "\(directory.path)/data")
        let configuration = try FacteurConfiguration(values: [
            "data_dir": "\(directory.path)/data", "templates_dir": "\(Repository.root)/templates",
            "smtp_url": "file://\(directory.path)/mail", "smtp_from": "Facteur <factures@example.fr>",
            "pennylane_supplier_inbox": "achats@pennylane.test", "pennylane_customer_inbox": "ventes@pennylane.test",
            "qonto_api_url": qonto.baseURL, "qonto_login": "facteur-demo", "qonto_secret_key": "sandbox-secret-key",
            "pennylane_api_url": pennylane.baseURL, "pennylane_token": PennylaneSandboxConfiguration.defaultToken,
            "backfill_since": String(ISO8601DateFormatter().string(from: now.addingTimeInterval(-10 * Self.day)).prefix(10)),
        ])

        // Given the books (a FEC export, which has Papeterie Lumière's invoice PL-2026-0101 of 118.80 €) …
        let imported = try ImportLedger(database: database).run(path: "\(Repository.root)/Tests/FacteurCoreTests/Fixtures/sample-fec.txt")
        #expect(imported.invoices > 0)
        // … and the directory mirrored from Pennylane over HTTP
        let refreshed = try await CurlWorker.run {
            try RefreshDirectory(database: database).runBlocking(client: try #require(try RefreshDirectory.client(configuration) { _ in nil }))
        }
        #expect(refreshed.suppliers == 3)

        // When one window runs
        let summary = try await CurlWorker.run {
            let client = try QontoConnection.client(configuration, secret: { _ in nil }, saveSecret: { _, _ in }, sleep: { _ in })
            return try SyncInvoices(configuration: configuration, database: database).runBlocking(client: client)
        }
        await qonto.stop()
        await pennylane.stop()
        #expect(summary.listed == 6)

        // Then each invoice is where its evidence puts it, with the explanation stored
        let outbox = OutboxRepository(database: database)
        let records = QontoRecords(database: database)
        #expect(try records.recordCount() == 6)
        func outcome(_ id: String) throws -> (state: OutboxState, explanation: String) {
            let message = try #require(try outbox.messages(recordID: id).first)
            let explanation = try records.latest(recordType: "supplier_invoice", recordID: id)?.matchExplanation ?? ""
            return (message.state, message.state == .held ? (message.lastError ?? "") : explanation)
        }
        let byVAT = try outcome("inv-vat")
        #expect(byVAT.state == .queued)
        #expect(byVAT.explanation.hasPrefix("pennylane:supplier:1:") && byVAT.explanation.contains("FR83404833048") && byVAT.explanation.contains("agrees"),
                "\(byVAT.explanation)")
        let byIBAN = try outcome("inv-iban")
        #expect(byIBAN.state == .queued)
        #expect(byIBAN.explanation.hasPrefix("pennylane:supplier:2:") && byIBAN.explanation.contains("IBAN agrees"), "\(byIBAN.explanation)")
        let new = try outcome("inv-new")
        #expect(new.state == .queued)
        #expect(new.explanation.hasPrefix("new counterparty"), "\(new.explanation)")
        let duplicate = try outcome("inv-dup")
        #expect(duplicate.state == .held)
        #expect(duplicate.explanation.contains("likely already in the ledger: fec"), "\(duplicate.explanation)")
        let winner = try outcome("inv-win")
        #expect(winner.state == .queued)
        #expect(winner.explanation.contains("transaction tx-500"), "\(winner.explanation)")
        let loser = try outcome("inv-lose")
        #expect(loser.state == .held)
        #expect(!loser.explanation.contains("tx-500") && loser.explanation.contains("below"), "\(loser.explanation)")
        #expect(summary.held["likely duplicate"] == 1 && summary.held["needs review"] == 1)

        // And a held invoice is released by a person with `resend --qonto-id` (here: the use case underneath)
        let held = try outbox.messages(recordID: "inv-lose")
        _ = try outbox.resend(ids: held.map(\.id), reason: "reviewed", now: Date())
        #expect(try outbox.messages(recordID: "inv-lose").first?.state == .queued)
    }
}
