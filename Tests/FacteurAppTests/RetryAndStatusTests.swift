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
            #expect(problem.retryTarget == "record:supplier_invoice:\(stuck.record.recordID)" || problem.recordType == "client_invoice")
            #expect(problem.qontoURL.hasPrefix("https://app.qonto.com/"))
            #expect(problem.qontoURL.hasSuffix("/\(stuck.record.recordID)"))

            // When the storage recovers and a person presses Retry on that record
            await harness.sandbox.faults.reset()
            let retry = RetryProblem(database: harness.database, dataDirectory: configuration.dataDirectory, requestedBy: "Retry on the status page")
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

    @Test func retryingARecordWhoseCauseRemainsHoldsItAgainWithTheCurrentReason() async throws {
        try await SyncHarness.with { harness in
            _ = try await harness.sync()
            let records = QontoRecords(database: harness.database)
            let unsupported = try #require(try records.pending().first { $0.record.reason?.hasPrefix("unsupported file") == true })
            let configuration = try harness.configuration
            _ = try RetryProblem(database: harness.database, dataDirectory: configuration.dataDirectory, requestedBy: "test")
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

    @Test func theSettingsPageValidatesEachFieldAndStoresOnlyChanges() async throws {
        try await SyncHarness.with { harness in
            let settings = EditableSettings(base: try harness.configuration, database: harness.database)
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
