@testable import FacteurApp
import FacteurCore
import FacteurTesting
import Foundation
import Store
import Testing

/// Delivery lanes waiting for one of the gateway relay's few sessions, against a real SMTP server
/// on 127.0.0.1: a shutdown or a relay stop ends their wait, and the messages they had not
/// attempted stay queued as they were (never `sending`, no data phase, no attempt counted).
@Suite(.serialized, .processHeavy) struct RelayShutdownTests {
    /// A flag set from the test, read by the lanes.
    final class Flag: @unchecked Sendable {
        // @unchecked: every access holds `lock`.
        private let lock = NSLock()
        private var raised = false
        func raise() { lock.withLock { raised = true } }
        var isRaised: Bool { lock.withLock { raised } }
    }

    /// Waits (without a deadline assertion) until `condition` holds.
    static func until(_ condition: () throws -> Bool) async throws {
        while try !condition() { try await Task.sleep(for: .milliseconds(20)) }
    }

    /// Every message of `harness`, in outbox order.
    static func messages(_ harness: DeliveryHarness, ids: [Int64]) throws -> [OutboxMessage] {
        try ids.map { try harness.message($0) }
    }

    @Test func aShutdownEndsTheLanesWaitingForTheRelayAndLeavesTheirMessagesQueued() async throws {
        // Given one session for the whole gateway, held by another workspace's session for as long
        // as this test says (the permit is taken here, not by a slow message: a wait for lanes to
        // queue behind a message the server holds 5 s could miss that window on a loaded machine,
        // and then wait forever), and a workspace with 3 lanes queued behind it
        let (gateway, waiting) = try await GatewayRelayTests.twoWorkspaces(serverArguments: [], settings: ["smtp_connections": "1"])
        waiting.settings["smtp_connections"] = "3"
        let server = try #require(gateway.server)
        let queued = try (0..<6).map { _ in try waiting.enqueue(to: "waiting@pennylane.test").id }
        let relay = GatewayRelay(gateway: try gateway.configuration, database: gateway.database)
        #expect(relay.limit.acquire(owner: "another workspace"))
        let shutdown = Flag()
        var waitingPass = try GatewayRelayTests.pipeline(waiting, relay: relay)
        waitingPass.shouldStop = { shutdown.isRaised }
        let waitingRun = Task { try await waitingPass.run() }
        // (the permit stays held, so the 3 lanes stay queued however late this looks)
        try await Self.until { relay.limit.waiting == 3 }
        // (while they wait, none of their messages is marked as being sent)
        #expect(try Self.messages(waiting, ids: queued).allSatisfy { $0.state == .queued })

        // When the process is asked to stop, and the session holding the permit, stopping for the
        // same shutdown, gives it back at once
        shutdown.raise()
        relay.limit.release()
        let stopped = try await waitingRun.value

        // Then the waiting workspace attempted nothing (the lane the release woke did not begin a
        // message), its lanes left the queue, and its messages are as they were
        #expect(stopped.summary.attempted == 0 && stopped.summary.notAttempted == 6)
        #expect(relay.limit.waiting == 0)
        let after = try Self.messages(waiting, ids: queued)
        #expect(after.allSatisfy { $0.state == .queued && $0.attempts == 0 }, "\(after.map { ($0.state, $0.attempts) })")
        #expect(server.events("connect").isEmpty, "\(server.events("connect"))")
    }

    @Test func lanesWaitingForAPermitWhenTheRelayIsStoppedDoNotTryItOnceTheyGetOne() async throws {
        // Given one session for the whole gateway, held by another workspace's session (taken here,
        // for as long as this test says), and a workspace's 2 lanes waiting for it
        let (gateway, waiting) = try await GatewayRelayTests.twoWorkspaces(serverArguments: [], settings: ["smtp_connections": "1"])
        waiting.settings["smtp_connections"] = "2"
        let server = try #require(gateway.server)
        let queued = try (0..<3).map { _ in try waiting.enqueue(to: "waiting@pennylane.test").id }
        let relay = GatewayRelay(gateway: try gateway.configuration, database: gateway.database)
        #expect(relay.limit.acquire(owner: "another workspace"))
        let waitingPass = try GatewayRelayTests.pipeline(waiting, relay: relay)
        let waitingRun = Task { try await waitingPass.run() }
        try await Self.until { relay.limit.waiting == 2 }

        // When a third workspace's pass runs into an authentication refusal meanwhile, and the
        // session holding the permit then ends
        relay.noteStop(GatewayRelay.Stop(kind: .authFailure, reason: "535 authentication failed"),
                       fingerprint: try relay.credentialsFingerprint())
        relay.limit.release()
        let waited = try await waitingRun.value

        // Then the waiting lanes opened no session: the pass records the stop, its messages queued
        #expect(waited.stopped && waited.summary.stopKind == .authFailure && waited.summary.attempted == 0)
        #expect(try Self.messages(waiting, ids: queued).allSatisfy { $0.state == .queued && $0.attempts == 0 })
        #expect(server.events("connect").isEmpty, "\(server.events("connect"))")
        #expect(relay.limit.waiting == 0)
    }

    @Test func aSecretOtherThanTheSMTPPasswordChangingDoesNotLiftTheRelaysStop() async throws {
        let (a, b) = try await GatewayRelayTests.twoWorkspaces(serverArguments: ["--auth", "facteur:s3cret"],
                                                         settings: ["smtp_username": "facteur", "smtp_connections": "1"])
        let server = try #require(a.server)
        // Given the relay stopped on the gateway's wrong password
        let gatewaySecrets = SecretStore(database: a.database, masterKeyFile: try a.configuration.masterKeyFile)
        try gatewaySecrets.set(name: "smtp_password", value: "an-old-password")
        try a.enqueue(to: "a-supplier@pennylane.test")
        for _ in 0..<2 { try b.enqueue(to: "b-supplier@pennylane.test") }
        let relay = GatewayRelay(gateway: try a.configuration, database: a.database)
        #expect(try await GatewayRelayTests.pipeline(a, relay: relay).run().stopped)

        // When the workspace `default` stores another secret (a Qonto token refreshed, a metrics token)
        try gatewaySecrets.set(name: "qonto_refresh_token", value: "a-fresh-token")
        try gatewaySecrets.set(name: "metrics_token", value: "another-token")

        // Then the relay stays stopped: no workspace tries the refused password again
        #expect(try relay.currentStop() != nil)
        let second = try await GatewayRelayTests.pipeline(b, relay: relay).run()
        #expect(second.stopped && second.summary.attempted == 0)
        #expect(server.events("auth").count == 1, "\(server.events("auth"))")

        // And the SMTP password fixed lifts it
        try gatewaySecrets.set(name: "smtp_password", value: "s3cret")
        #expect(try relay.currentStop() == nil)
        #expect(try await GatewayRelayTests.pipeline(b, relay: relay).run().summary.sent == 2)
    }

    @Test func aQuietWorkspaceStoppedWithTheRelayIsResolvedOnceTheRelayDeliversAgain() async throws {
        let (a, quiet) = try await GatewayRelayTests.twoWorkspaces(serverArguments: ["--auth", "facteur:s3cret"],
                                                             settings: ["smtp_username": "facteur", "smtp_connections": "1"])
        // Given the relay stopped on the gateway's wrong password, recorded by a workspace with
        // nothing to send as well
        let gatewaySecrets = SecretStore(database: a.database, masterKeyFile: try a.configuration.masterKeyFile)
        try gatewaySecrets.set(name: "smtp_password", value: "an-old-password")
        try a.enqueue(to: "a-supplier@pennylane.test")
        let relay = GatewayRelay(gateway: try a.configuration, database: a.database)
        #expect(try await GatewayRelayTests.pipeline(a, relay: relay).run().stopped)
        #expect(try await GatewayRelayTests.pipeline(quiet, relay: relay).run().stopped)
        #expect(try Incidents(database: quiet.database).open(.smtp) != nil)

        // When the password is fixed and the busy workspace delivers again
        try gatewaySecrets.set(name: "smtp_password", value: "s3cret")
        #expect(try await GatewayRelayTests.pipeline(a, relay: relay).run().summary.sent == 1)
        let again = try await GatewayRelayTests.pipeline(quiet, relay: relay).run()

        // Then the quiet workspace, with nothing due, is no longer shown stopped
        #expect(!again.stopped && again.summary.attempted == 0)
        #expect(try Incidents(database: quiet.database).open(.smtp) == nil)
    }

    @Test func aWorkspaceWithNothingDueKeepsItsOwnDeferralOnItsPageWhileTheRelayDeliversForOthers() async throws {
        let (a, quiet) = try await GatewayRelayTests.twoWorkspaces(serverArguments: [], settings: ["smtp_connections": "1"])
        // Given the relay delivering for one workspace
        try a.enqueue(to: "a-supplier@pennylane.test")
        let relay = GatewayRelay(gateway: try a.configuration, database: a.database)
        #expect(try await GatewayRelayTests.pipeline(a, relay: relay).run().summary.sent == 1)
        // And another workspace whose only message was deferred (451 to RCPT: its inbox, not the relay)
        try quiet.enqueue(to: "rcpt451-quiet@pennylane.test")
        let deferred = try await GatewayRelayTests.pipeline(quiet, relay: relay).run()
        #expect(deferred.summary.deferred == 1)
        let before = try Incidents(database: quiet.database).health(.smtp)
        #expect(before.lastError != nil && before.lastSuccessAt == nil)

        // When its next pass finds nothing due (the message waits for its backoff)
        let idle = try await GatewayRelayTests.pipeline(quiet, relay: relay).run()
        #expect(idle.summary.attempted == 0)

        // Then its SMTP side still shows that failure: no success is recorded for a pass that sent nothing
        let after = try Incidents(database: quiet.database).health(.smtp)
        #expect(after.lastSuccessAt == nil, "an idle pass recorded a success at \(after.lastSuccessAt ?? "")")
        #expect(after.lastError == before.lastError)
    }

    @Test func anOwnersNoticeAboutQontoWaitsWhileTheRelayIsStoppedAndGoesOutOnceItWorks() async throws {
        let (a, b) = try await GatewayRelayTests.twoWorkspaces(serverArguments: ["--auth", "facteur:s3cret"],
                                                         settings: ["smtp_username": "facteur", "smtp_connections": "1",
                                                                    "owner_email": "owner@example.fr"])
        let server = try #require(a.server)
        let gatewaySecrets = SecretStore(database: a.database, masterKeyFile: try a.configuration.masterKeyFile)
        try gatewaySecrets.set(name: "smtp_password", value: "an-old-password")
        try a.enqueue(to: "a-supplier@pennylane.test")
        let relay = GatewayRelay(gateway: try a.configuration, database: a.database)
        #expect(try await GatewayRelayTests.pipeline(a, relay: relay).run().stopped)

        // When a workspace's Qonto credentials are refused while the relay is stopped
        let desk = try GatewayRelayTests.pipeline(b, relay: relay).desk
        try desk.failed(.qonto, .qontoUnauthorized, message: "401 from Qonto", now: Date())

        // Then the relay is not tried again for the notice, which waits
        #expect(server.events("auth").count == 1, "\(server.events("auth"))")
        let waiting = try #require(try Incidents(database: b.database).open(.qonto))
        #expect(waiting.notifiedAt == nil && waiting.notificationError?.hasPrefix("deferred:") == true)

        // And once the password is fixed and mail flows again, the notice goes out
        try gatewaySecrets.set(name: "smtp_password", value: "s3cret")
        #expect(try await GatewayRelayTests.pipeline(a, relay: relay).run().summary.sent == 1)
        _ = try await GatewayRelayTests.pipeline(b, relay: relay).run()
        #expect(try Incidents(database: b.database).open(.qonto)?.notifiedAt != nil)
        let recipients = server.events("accepted").compactMap { ($0["rcpt_tos"] as? [String])?.first }
        #expect(recipients.contains("owner@example.fr"))
    }
}
