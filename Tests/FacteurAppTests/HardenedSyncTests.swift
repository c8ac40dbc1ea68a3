import Curl
import FacteurApp
import FacteurCore
import FacteurTesting
import Foundation
import QontoAPI
import QontoSandbox
import Store
import Testing

/// What Qonto sends is checked at the edge (issue 12, items 7, 12 and 15): an ID that could
/// escape a folder is refused and its record held, a file over the size limit is held, the
/// reasons shown to people carry no server path, and an update says what it replaces.
@Suite(.serialized) struct HardenedSyncTests {
    /// Writes a directory dataset: one supplier invoice per (id, attachment id, file bytes).
    static func writeDataset(to path: String, _ items: [(id: String, attachment: String, bytes: Int)]) throws {
        try FileManager.default.createDirectory(atPath: "\(path)/files", withIntermediateDirectories: true)
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let base = Date().addingTimeInterval(-5 * 86_400)
        let invoices: [[String: Any]] = try items.enumerated().map { index, item in
            var bytes = Array("%PDF-1.4\n% invoice \(index)\n".utf8)
            while bytes.count < item.bytes { bytes += Array("0 0 0 RG\n".utf8) }
            try Data(bytes).write(to: URL(fileURLWithPath: "\(path)/files/\(item.attachment)"))
            let stamp = format.string(from: base.addingTimeInterval(Double(index)))
            return [
                "id": item.id, "created_at": stamp, "updated_at": stamp, "status": "to_review", "attachment_id": item.attachment,
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

    /// Syncs a directory dataset once with extra settings; returns the summary and the database.
    static func sync(_ items: [(id: String, attachment: String, bytes: Int)], settings extra: [String: String] = [:],
                     in directory: TemporaryDirectory) async throws -> (SyncInvoices.Summary, FacteurDatabase) {
        try writeDataset(to: "\(directory.path)/qonto", items)
        var sandboxConfiguration = SandboxConfiguration()
        sandboxConfiguration.dataset = .directory("\(directory.path)/qonto")
        let sandbox = try await QontoSandbox.start(sandboxConfiguration)
        let database = try FacteurDatabase.open(dataDirectory: "\(directory.path)/data")
        var values = [
            "data_dir": "\(directory.path)/data", "templates_dir": "\(Repository.root)/templates",
            "smtp_url": "file://\(directory.path)/mail", "smtp_from": "Facteur <factures@example.fr>",
            "pennylane_supplier_inbox": "achats@pennylane.test", "pennylane_customer_inbox": "ventes@pennylane.test",
            "qonto_api_url": sandbox.baseURL, "qonto_login": "facteur-demo", "qonto_secret_key": "sandbox-secret-key",
            "backfill_since": "2000-01-01", "match_threshold": "0",
        ]
        for (key, value) in extra { values[key] = value }
        let configuration = try FacteurConfiguration(values: values)
        do {
            let summary = try await CurlWorker.run {
                let client = try QontoConnection.client(configuration, secret: { _ in nil }, saveSecret: { _, _ in }, sleep: { _ in })
                return try SyncInvoices(configuration: configuration, database: database).runBlocking(client: client)
            }
            await sandbox.stop()
            return (summary, database)
        } catch {
            await sandbox.stop()
            throw error
        }
    }

    @Test func aRecordWhoseIDCouldEscapeTheDownloadFolderIsHeldWithoutAServerPath() async throws {
        let directory = try TemporaryDirectory("facteur-bad-id")
        defer { directory.remove() }
        let (_, database) = try await Self.sync([
            (id: "5b0e2c8e-1f4a-4c1e-9d7e-000000000001", attachment: "a7f3c9d1-0000-4b6e-9c11-000000000101", bytes: 600),
            (id: "x-../../../escaped", attachment: "a7f3c9d1-0000-4b6e-9c11-000000000102", bytes: 600),
        ], in: directory)
        // The good record is queued; the other is held (kept, with its raw JSON), never dropped
        let held = try QontoRecords(database: database).held()
        #expect(held.count == 1)
        let record = try #require(held.first)
        #expect(record.rawJSON.contains("escaped"))
        #expect(record.reason?.contains("not a Qonto ID") == true, "\(record.reason ?? "")")
        // No reason shown to a person names a file of the server
        #expect(!(record.reason ?? "").contains(directory.path), "\(record.reason ?? "")")
        #expect(!FileManager.default.fileExists(atPath: "\(directory.path)/escaped.part"))
        #expect(try OutboxRepository(database: database).list().count == 1)
    }

    @Test func aFullPageOfRefusedIDsDoesNotEndTheListingBeforeTheRecordsAfterIt() async throws {
        // Given a first page (100 records, the page size) that is all refused IDs, and a good
        // record changed after them, on the second page
        let directory = try TemporaryDirectory("facteur-bad-page")
        defer { directory.remove() }
        var items = (0..<100).map { (id: "x-../../bad-\($0)", attachment: String(format: "a7f3c9d1-0000-4b6e-9c11-%012d", $0), bytes: 300) }
        items.append((id: "5b0e2c8e-1f4a-4c1e-9d7e-000000000001", attachment: "a7f3c9d1-0000-4b6e-9c11-000000009999", bytes: 600))
        let (_, database) = try await Self.sync(items, in: directory)
        // Then the listing goes on past the refused page: every refused record is held and the
        // good one is queued, not skipped by a marker moved past it
        let held = try QontoRecords(database: database).held()
        #expect(held.count == 100, "\(held.count) held")
        let queued = try OutboxRepository(database: database).list().map(\.recordID)
        #expect(queued == ["5b0e2c8e-1f4a-4c1e-9d7e-000000000001"], "\(queued)")
    }

    @Test func aQontoFileOverTheSizeLimitIsHeldNotDropped() async throws {
        let directory = try TemporaryDirectory("facteur-big-file")
        defer { directory.remove() }
        let (summary, database) = try await Self.sync([
            (id: "5b0e2c8e-1f4a-4c1e-9d7e-000000000001", attachment: "a7f3c9d1-0000-4b6e-9c11-000000000101", bytes: 600),
            (id: "5b0e2c8e-1f4a-4c1e-9d7e-000000000002", attachment: "a7f3c9d1-0000-4b6e-9c11-000000000102", bytes: 5_000),
        ], settings: ["max_attachment_size": "2000"], in: directory)
        #expect(summary.forwarded + (summary.held["needs review"] ?? 0) == 1)
        let held = try QontoRecords(database: database).held()
        #expect(held.count == 1)
        #expect(held.first?.recordID == "5b0e2c8e-1f4a-4c1e-9d7e-000000000002")
        #expect(held.first?.reason?.contains("max_attachment_size") == true, "\(held.first?.reason ?? "")")
    }

    @Test func anUpdatedInvoiceRefersToTheMessageItReplacesAndSaysWhatChanged() async throws {
        try await SyncHarness.with { harness in
            _ = try await harness.sync()
            _ = try await harness.deliver()
            let sent = try #require(try harness.outbox.list(state: .sent).first { $0.recordType == "supplier_invoice" })
            await harness.sandbox.touchInvoice(id: sent.recordID, newAmount: "4242.42")
            try await Task.sleep(for: .milliseconds(1100))
            #expect(try await harness.sync().updated == 1)
            let update = try #require(try harness.outbox.messages(recordID: sent.recordID).last)
            let text = try String(contentsOfFile: "\(harness.directory.path)/data/\(update.spoolFile)", encoding: .utf8)
            let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
            #expect(head.contains("\r\nIn-Reply-To: <\(sent.messageID)>\r\n"), "\(head)")
            #expect(head.contains("\r\nReferences: <\(sent.messageID)>\r\n"), "\(head)")
            // The body (quoted-printable) says what changed: the amount, to the new one
            let body = text.replacingOccurrences(of: "=\r\n", with: "")
            #expect(body.contains("4242.42") || body.contains("4 242,42"), "\(body.prefix(1500))")
        }
    }

    @Test func everyCommittedWindowIsReportedAsItCommitsNotOnlyAtTheEndOfACatchUp() async throws {
        try await SyncHarness.with { harness in
            let configuration = try harness.configuration
            let database = harness.database
            let seen = WindowLog()
            let summary = try await CurlWorker.run {
                let client = try QontoConnection.client(configuration, secret: { _ in nil }, saveSecret: { _, _ in }, sleep: { _ in })
                var sync = SyncInvoices(configuration: configuration, database: database)
                // What the daemon does there: record Qonto as reachable, wake the outbox
                sync.windowCommitted = { summary in seen.append(summary.windows, queued: (try? OutboxRepository(database: database).list().count) ?? -1) }
                return try sync.runBlocking(client: client)
            }
            // A three-year catch-up is many windows; each was reported once, in order, with what it
            // had already committed (the outbox fills as it goes)
            #expect(summary.windows > 3)
            #expect(seen.windows == Array(1...summary.windows))
            #expect(seen.queued == seen.queued.sorted())
            #expect((seen.queued.first ?? 0) < (seen.queued.last ?? 0))
        }
    }
}

/// What the per-window hook saw (called from the sync's thread).
final class WindowLog: @unchecked Sendable {
    // @unchecked: every access holds `lock`.
    private let lock = NSLock()
    private var entries: [(Int, Int)] = []
    func append(_ window: Int, queued: Int) { lock.withLock { entries.append((window, queued)) } }
    var windows: [Int] { lock.withLock { entries.map(\.0) } }
    var queued: [Int] { lock.withLock { entries.map(\.1) } }
}
