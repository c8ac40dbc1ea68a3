@testable import FacteurApp
import FacteurCore
import Foundation
import Logging
import QontoAPI
import Store
import Testing

/// An incident is resolved by a whole poll run that succeeded, never by one window of a run that
/// then fails: else each run resolves and reopens it, and mails the owner again. Code review, fix 3.
@Suite(.serialized) struct PollingIncidentTests {
    @Test func aRunWhoseSupplierWindowCommitsButCustomerWindowFailsKeepsOneIncidentOpen() async throws {
        try await SyncHarness.with(invoicesPerYear: 4) { harness in
            // Given no customer inbox: supplier windows can commit, customer windows cannot
            harness.values["pennylane_customer_inbox"] = nil
            let configuration = try harness.configuration
            let store = SQLiteWorkspaceStore(database: harness.database)
            let desk = IncidentDesk(configuration: configuration, transport: nil, store: store, logger: Logger(label: "test"))
            let poller = PollingService(settings: EditableSettings(base: configuration, store: store),
                                        secrets: SecretAccess(read: { _ in nil }, write: { _, _ in }), desk: desk,
                                        wake: Wakeup(), windowEnded: Wakeup(), logger: Logger(label: "test"))
            // When the poller runs twice (a restart, a settings save)
            for _ in 0..<2 {
                _ = try await poller.window(configuration, stop: StopFlag(), fingerprint: "unchanged")
            }
            // Then one incident was opened, and it is still open: the owner was told once
            let incidents = try Incidents(database: harness.database).all().filter { $0.side == .qonto }
            #expect(incidents.count == 1, "\(incidents.map { "#\($0.id) resolved \($0.resolvedAt ?? "-")" })")
            #expect(incidents.allSatisfy { $0.resolvedAt == nil })
            // And the committed supplier windows still count as Qonto answering
            #expect(try Incidents(database: harness.database).health(.qonto).lastSuccessAt != nil)
        }
    }

    @Test func aRetryPendingFromBeforeTheStopDoesNotForcePollsOnTheSameCredentials() throws {
        let held = try RecordKey(kind: .supplier, id: "5b0e2c8e-1f4a-4c1e-9d7e-000000000001")
        let other = try RecordKey(kind: .supplier, id: "5b0e2c8e-1f4a-4c1e-9d7e-000000000002")
        // Given polling stopped on credentials "k1" while a Retry request was pending
        // Then that request alone does not poll again (it forced a 401 every 5 s, 720 an hour)
        #expect(!PollingService.polls(stoppedAt: "k1", fingerprint: "k1", retries: [held], retriesAtStop: [held]))
        #expect(!PollingService.polls(stoppedAt: "k1", fingerprint: "k1", retries: [], retriesAtStop: [held]))
        // But a new Retry press polls once, and so do new credentials or a poller not stopped
        #expect(PollingService.polls(stoppedAt: "k1", fingerprint: "k1", retries: [held, other], retriesAtStop: [held]))
        #expect(PollingService.polls(stoppedAt: "k1", fingerprint: "k2", retries: [held], retriesAtStop: [held]))
        #expect(PollingService.polls(stoppedAt: nil, fingerprint: "k1", retries: [], retriesAtStop: []))
    }

    @Test func theBudgetsPerWorkspace401CapStopsPollingLikeRefusedCredentials() {
        #expect(PollOnce.stopsPolling(QontoError(.credentialsBreaker, "refused 3 times in the last hour")))
        #expect(!PollOnce.stopsPolling(QontoError(.authFailureBreaker, "the whole process got 150 401s")))
    }
}
