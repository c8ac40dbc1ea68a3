@testable import FacteurApp
import FacteurCore
import Foundation
import Logging
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
            let desk = IncidentDesk(configuration: configuration, transport: nil, database: harness.database,
                                    logger: Logger(label: "test"))
            let poller = PollingService(settings: EditableSettings(base: configuration, database: harness.database),
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
}
