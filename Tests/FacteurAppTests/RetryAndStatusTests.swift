import Curl
import FacteurApp
import FacteurCore
import Foundation
import MIME
import QontoSandbox
import Store
import Testing
import Web

/// The status page's Retry and health summary, over the real sync against the in-process sandbox.
@Suite struct RetryAndStatusTests {
    @Test func retryingAHeldRecordFetchesItAgainAndForwardsItOnceTheCauseIsFixed() async throws {
        try await SyncHarness.with { harness in
            // Given records held because every download came back truncated
            await harness.sandbox.faults.truncateDownloads(next: 100_000)
            let broken = try await harness.sync()
            #expect(broken.forwarded == 0)
            let records = QontoRecords(database: harness.database)
            let stuck = try #require(try records.pending().first { $0.record.reason?.hasPrefix("download failed") == true })
            let configuration = try harness.configuration
            let health = try StatusReport(configuration: configuration, database: harness.database).build()
            let problem = try #require(health.problems.first { $0.recordID == stuck.record.recordID })
            #expect(problem.retryTarget == "record:\(stuck.record.recordType):\(stuck.record.recordID)")
            #expect(problem.qontoURL.hasPrefix("https://app.qonto.com/"))
            #expect(problem.qontoURL.hasSuffix("/\(stuck.record.recordID)"))

            // When the storage recovers and a person presses Retry on that record
            await harness.sandbox.faults.reset()
            let retry = RetryProblem(configuration: configuration, database: harness.database, requestedBy: "Retry on the status page")
            #expect(try retry.retry(problem.retryTarget, now: Date()) == .recordScheduled(recordType: problem.recordType, recordID: problem.recordID))
            #expect(try StatusReport(configuration: configuration, database: harness.database).build()
                .problems.first { $0.recordID == problem.recordID }?.retryRequested == true)
            let next = try await harness.sync()

            // Then that record is fetched again and forwarded (records the window's overlap lists again
            // may be forwarded too: their holds were retryable)
            #expect(next.retried == 1)
            #expect(next.forwarded >= 1)
            #expect(try harness.outbox.messages(recordID: problem.recordID).count == 1)
            #expect(try records.pending().contains { $0.record.recordID == problem.recordID } == false)
            #expect(try records.retryRequests().isEmpty)
            let log = try MailLog(database: harness.database).entries().filter { $0.recordID == problem.recordID }
            #expect(log.map(\.event).suffix(2) == ["retry", "enqueued"])
            // And a record that cannot be retried is refused with one line
            #expect(throws: AppError.self) { try retry.retry("record:supplier_invoice:no-such-record", now: Date()) }
            #expect(throws: AppError.self) { try retry.retry("record:../../etc:x", now: Date()) }
        }
    }

    @Test func aRetryableHoldIsFetchedAgainByItselfAfterSixHours() async throws {
        try await SyncHarness.with { harness in
            // Given records held because their downloads failed, on invoices Qonto will not list again
            await harness.sandbox.faults.truncateDownloads(next: 100_000)
            _ = try await harness.sync()
            await harness.sandbox.faults.reset()
            let records = QontoRecords(database: harness.database)
            let stuck = try records.pending().filter { $0.record.reason?.hasPrefix("download failed") == true }
            #expect(!stuck.isEmpty)
            let configuration = try harness.configuration
            let database = harness.database
            func sync(hoursLater hours: Double) async throws -> SyncInvoices.Summary {
                try await CurlWorker.run {
                    let client = try QontoConnection.client(configuration, secret: { _ in nil }, saveSecret: { _, _ in }, sleep: { _ in })
                    return try SyncInvoices(configuration: configuration, database: database,
                                            now: { Date().addingTimeInterval(hours * 3600) }).runBlocking(client: client)
                }
            }
            // When the next window comes soon after, nothing is fetched again yet (only what the
            // window's overlap lists again is re-examined)
            #expect(try await sync(hoursLater: 1).retried == 0)
            let waiting = try records.pending().filter { $0.record.reason?.hasPrefix("download failed") == true }.count
            #expect(waiting > 0)
            // Then, six hours on, they are fetched again without anyone asking (50 per window), and forwarded
            let later = try await sync(hoursLater: 7)
            #expect(later.retried == min(waiting, 50))
            #expect(later.forwarded > 0)
            // (all but those whose file the sandbox keeps broken on purpose)
            let left = try records.pending().filter { $0.record.reason?.hasPrefix("download failed") == true }
            #expect(left.count < waiting && left.count <= waiting - later.retried + 2)
        }
    }

    @Test func retryingARecordWhoseCauseRemainsHoldsItAgainWithTheCurrentReason() async throws {
        try await SyncHarness.with { harness in
            _ = try await harness.sync()
            let records = QontoRecords(database: harness.database)
            let unsupported = try #require(try records.pending().first { $0.record.reason?.hasPrefix("unsupported file") == true })
            let configuration = try harness.configuration
            _ = try RetryProblem(configuration: configuration, database: harness.database, requestedBy: "test")
                .retry("record:\(unsupported.record.recordType):\(unsupported.record.recordID)", now: Date())
            let next = try await harness.sync()
            #expect(next.retried == 1)
            #expect(next.forwarded == 0)
            let again = try #require(try records.pending().first { $0.record.recordID == unsupported.record.recordID })
            #expect(again.record.reason?.hasPrefix("unsupported file") == true)
            #expect(again.retryRequestedAt == nil)
            let events = try MailLog(database: harness.database).entries().filter { $0.recordID == unsupported.record.recordID }.map(\.event)
            #expect(events.suffix(2) == ["retry", "held"])
        }
    }

    @Test func retryingAMessageRefusedForAWrongInboxSendsItToTheCorrectedOne() async throws {
        try await SyncHarness.with { harness in
            // Given a message the relay refused because the supplier inbox was mistyped
            _ = try await harness.sync()
            let message = try #require(try harness.outbox.list(state: .queued).first { $0.recordType == "supplier_invoice" })
            let before = try Data(contentsOf: URL(fileURLWithPath: "\(try harness.configuration.dataDirectory)/\(message.spoolFile)"))
            _ = try harness.outbox.beginAttempt(id: message.id, now: Date())
            let refused = DeliveryResult(kind: .permanent, reply: "550 5.1.1 <achats@pennylane.test>: mailbox unknown", replyCode: 550)
            _ = try harness.outbox.finishAttempt(id: message.id, result: refused, transition: OutboxTransition.after(
                refused, attempts: 1, firstQueuedAt: Date(), now: Date(), policy: RetryPolicy(), jitter: 0), now: Date())

            // When the inbox is corrected on the settings page and Retry is pressed
            let settings = EditableSettings(base: try harness.configuration, store: SQLiteWorkspaceStore(database: harness.database))
            #expect(try settings.save(["pennylane_supplier_inbox": "achats-x7@suppliers.pennylane.test"], source: "test", now: Date())
                    == .saved(changed: ["pennylane_supplier_inbox"]))
            let retry = RetryProblem(configuration: try settings.effective(), database: harness.database, requestedBy: "Retry on the status page")
            #expect(try retry.retry("outbox:\(message.id)", now: Date()) == .requeued(outboxID: message.id))

            // Then it is queued to the new address, with only its To field changed, and the log says so
            let after = try harness.outbox.message(id: message.id)
            #expect(after.state == .queued)
            #expect(after.recipient == "achats-x7@suppliers.pennylane.test")
            let rewritten = try Data(contentsOf: URL(fileURLWithPath: "\(try harness.configuration.dataDirectory)/\(after.spoolFile)"))
            #expect(Int64(rewritten.count) == after.size)
            let oldLines = String(decoding: before, as: UTF8.self).components(separatedBy: "\r\n")
            let newLines = String(decoding: rewritten, as: UTF8.self).components(separatedBy: "\r\n")
            #expect(oldLines.count == newLines.count)
            let changed = zip(oldLines, newLines).filter { $0 != $1 }
            #expect(changed.map(\.1) == ["To: <achats-x7@suppliers.pennylane.test>"])
            let events = try MailLog(database: harness.database).entries().filter { $0.outboxID == message.id }.map(\.event)
            #expect(events.suffix(2) == ["readdressed", "resend"])
            // And delivery sends it there
            #expect(try await harness.deliver().sent > 0)
        }
    }

    @Test func theSettingsPageValidatesEachFieldAndStoresOnlyChanges() async throws {
        try await SyncHarness.with { harness in
            let settings = EditableSettings(base: try harness.configuration, store: SQLiteWorkspaceStore(database: harness.database))
            let now = Date()
            let tooOld = Timestamp.format(now.addingTimeInterval(-4 * 366 * 86_400)).prefix(10)
            let outcome = try settings.save([
                "poll_interval": "10", "backfill_since": String(tooOld), "pennylane_supplier_inbox": "",
                "owner_email": "not an address", "smtp_url": "smtp://evil.example",
            ], source: "test", now: now)
            guard case .invalid(let errors) = outcome else { Issue.record("accepted: \(outcome)"); return }
            #expect(errors["poll_interval"]?.contains("60 to 86400") == true)
            #expect(errors["backfill_since"]?.contains("3 years") == true)
            #expect(errors["pennylane_supplier_inbox"]?.hasPrefix("required") == true)
            #expect(errors["owner_email"]?.contains("email address") == true)
            #expect(errors["smtp_url"] == "not a setting of this page")
            #expect(try Settings(database: harness.database).overrides().isEmpty)

            #expect(try settings.save(["poll_interval": "600", "owner_email": "owner@example.fr"], source: "test", now: now)
                    == .saved(changed: ["owner_email", "poll_interval"]))
            #expect(try settings.effective().qonto.pollInterval == 600)
            #expect(try settings.effective().ownerEmail?.description == "owner@example.fr")
            #expect(try settings.current().first { $0.key == "poll_interval" }?.source == "settings page")
            #expect(try settings.current().first { $0.key == "pennylane_supplier_inbox" }?.source == "configuration file")
            #expect(try settings.save(["poll_interval": "600"], source: "test", now: now) == .saved(changed: []))
        }
    }
}
