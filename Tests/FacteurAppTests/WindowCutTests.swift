import Curl
import FacteurApp
import FacteurCore
import FacteurTesting
import Foundation
import QontoAPI
import QontoSandbox
import Store
import Testing

/// A window that reaches its record limit ends early, at a whole second, and the next one starts
/// there: with several records in the seconds around the cut, nothing is skipped, nothing is
/// examined or queued twice, and the marker is exactly the cut.
@Suite(.serialized) struct WindowCutTests {
    /// Nine supplier invoices, `updated_at` in seconds s+0 … s+9 of `base`, three sharing s+2 and
    /// two sharing one millisecond of s+5; one at exactly s+3.000.
    static let offsets: [(id: String, milliseconds: Int)] = [
        ("inv-01", 100), ("inv-02", 1_200), ("inv-03", 2_000), ("inv-04", 2_500), ("inv-05", 2_999),
        ("inv-06", 3_000), ("inv-07", 5_400), ("inv-08", 5_400), ("inv-09", 9_000),
    ]

    static func writeDataset(to path: String, base: Date) throws {
        try FileManager.default.createDirectory(atPath: "\(path)/files", withIntermediateDirectories: true)
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let invoices: [[String: Any]] = try offsets.enumerated().map { index, item in
            try Data("%PDF-1.4\n% invoice \(item.id)\n%%EOF\n".utf8).write(to: URL(fileURLWithPath: "\(path)/files/att-\(item.id)"))
            let stamp = format.string(from: base.addingTimeInterval(Double(item.milliseconds) / 1000))
            return [
                "id": item.id, "created_at": stamp, "updated_at": stamp, "status": "to_review", "attachment_id": "att-\(item.id)",
                "file_name": "F-\(index).pdf", "invoice_number": "F-\(index)", "supplier_name": "Fournisseur \(index) SARL",
                "total_amount": ["value": "\(100 + index).00", "currency": "EUR"], "issue_date": String(stamp.prefix(10)),
                "is_credit_note": false, "is_attachment_invoice": true, "is_attachment_non_financial": false,
            ]
        }
        let organization: [String: Any] = ["organization": [
            "id": "org-1", "slug": "facteur-demo", "legal_name": "Atelier Facteur",
            "bank_accounts": [["id": "acc-main", "iban": "FR7616958000010000000000164", "main": true, "currency": "EUR"]],
        ]]
        for (name, object) in [("supplier_invoices", ["supplier_invoices": invoices] as Any), ("organization", organization)] {
            try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: "\(path)/\(name).json"))
        }
    }

    @Test func aFullWindowEndsAtAWholeSecondAndTheNextStartsThereSkippingAndRepeatingNothing() async throws {
        let directory = try TemporaryDirectory("facteur-window-cut")
        defer { directory.remove() }
        // Given nine invoices ten days ago, on whole seconds s … s+9 (see `offsets`)
        let base = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 - 10 * 86_400).rounded(.down))
        try Self.writeDataset(to: "\(directory.path)/qonto", base: base)
        var sandboxConfiguration = SandboxConfiguration()
        sandboxConfiguration.dataset = .directory("\(directory.path)/qonto")
        let sandbox = try await QontoSandbox.start(sandboxConfiguration)
        let database = try FacteurDatabase.open(dataDirectory: "\(directory.path)/data")
        let configuration = try FacteurConfiguration(values: [
            "data_dir": "\(directory.path)/data", "templates_dir": "\(Repository.root)/templates",
            "smtp_url": "file://\(directory.path)/mail", "smtp_from": "Facteur <factures@example.fr>",
            "pennylane_supplier_inbox": "achats@pennylane.test", "pennylane_customer_inbox": "ventes@pennylane.test",
            "qonto_api_url": sandbox.baseURL, "qonto_login": "facteur-demo", "qonto_secret_key": "sandbox-secret-key",
        ])
        let records = QontoRecords(database: database)
        let since = base.addingTimeInterval(-86_400)
        func sync(since: Date?, stop: @escaping @Sendable () -> Bool = { false }) async throws -> SyncInvoices.Summary {
            try await CurlWorker.run {
                let client = try QontoConnection.client(configuration, secret: { _ in nil }, saveSecret: { _, _ in }, sleep: { _ in })
                return try SyncInvoices(configuration: configuration, database: database, windowRecordLimit: 3, shouldStop: stop)
                    .runBlocking(client: client, since: since)
            }
        }
        func committed() throws -> [String] {
            try Self.offsets.map(\.id).filter { try records.latest(recordType: "supplier_invoice", recordID: $0) != nil }
        }

        // When a backfill with at most 3 records per window stops as soon as its first window is committed
        await #expect(throws: SyncStopped.self) {
            _ = try await sync(since: since, stop: { ((try? records.recordCount()) ?? 0) > 0 })
        }
        // Then that window took the third record and the two sharing its second (never splitting
        // a second), and stopped before s+3, which is its marker to the millisecond
        #expect(try committed() == ["inv-01", "inv-02", "inv-03", "inv-04", "inv-05"])
        let marker = try Settings(database: database).value(SyncInvoices.markerKey(.supplier))
        #expect(marker == Timestamp.format(base.addingTimeInterval(3)))

        // When a plain sync resumes from that marker (minus the overlap)
        let resumed = try await sync(since: nil)
        // Then the record at exactly s+3.000 and every later one are queued once; the overlap's
        // records are recognised; the next window was cut at s+9 in turn (3 supplier windows, 1 client)
        #expect(try committed() == Self.offsets.map(\.id))
        #expect(resumed.listed == 9 && resumed.unchanged == 5)
        #expect(resumed.forwarded + resumed.held.values.reduce(0, +) == 4)
        #expect(resumed.windows == 3)
        #expect(try Settings(database: database).value(SyncInvoices.markerKey(.supplier)).flatMap(Timestamp.parse).map { $0 > base.addingTimeInterval(9) } == true)
        let outbox = try OutboxRepository(database: database).list()
        #expect(outbox.count == 9 && Set(outbox.map(\.recordID)).count == 9)

        // And a rewind over the whole history queues nothing more
        let rewind = try await sync(since: since)
        #expect(rewind.listed == 9 && rewind.unchanged == 9 && rewind.forwarded == 0 && rewind.updated == 0)
        #expect(try OutboxRepository(database: database).list().count == 9)
        await sandbox.stop()
    }
}
