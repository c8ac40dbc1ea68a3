import FacteurApp
import FacteurCore
import FacteurTesting
import Foundation
import Store
import Testing

/// Two workspaces' delivery pipelines (``DeliverDue``) sharing the gateway's one relay, against a
/// real SMTP server on 127.0.0.1: the relay's limit is shared fairly, and its authentication stop
/// is the gateway's, not a company's.
@Suite(.serialized, .processHeavy) struct GatewayRelayTests {
    /// The gateway (`a`, whose database doubles as data_dir's) and a second workspace (`b`, its own
    /// database) delivering through `a`'s server.
    static func twoWorkspaces(serverArguments: [String], settings: [String: String] = [:]) async throws -> (DeliveryHarness, DeliveryHarness) {
        let a = try await DeliveryHarness(serverArguments: serverArguments, settings: settings)
        let b = try await DeliveryHarness(tls: nil, settings: settings)
        b.settings["smtp_url"] = a.settings["smtp_url"]
        return (a, b)
    }

    static func pipeline(_ harness: DeliveryHarness, relay: GatewayRelay) throws -> DeliverDue {
        let configuration = try harness.configuration
        let desk = IncidentDesk.quiet(configuration: configuration, transport: relay, store: SQLiteWorkspaceStore(database: harness.database))
        return DeliverDue(configuration: configuration, database: harness.database, relay: relay, desk: desk)
    }

    @Test func aRelayRefusingOurPasswordIsTriedOnceForAllWorkspacesAndResumesForAllWhenTheGatewayPasswordIsFixed() async throws {
        let (a, b) = try await Self.twoWorkspaces(serverArguments: ["--auth", "facteur:s3cret"],
                                            settings: ["smtp_username": "facteur", "smtp_connections": "1"])
        let server = try #require(a.server)
        // Given the gateway's stored password is wrong, and both workspaces have mail due
        let gatewaySecrets = SecretStore(database: a.database, masterKeyFile: try a.configuration.masterKeyFile)
        try gatewaySecrets.set(name: "smtp_password", value: "an-old-password")
        for _ in 0..<2 { try a.enqueue(to: "a-supplier@pennylane.test") }
        for _ in 0..<3 { try b.enqueue(to: "b-supplier@pennylane.test") }
        let relay = GatewayRelay(gateway: try a.configuration, database: a.database)

        // When the first workspace's pass runs into the refusal
        let first = try await Self.pipeline(a, relay: relay).run()
        #expect(first.stopped && first.summary.stopKind == .authFailure && first.summary.attempted == 1)
        // Then the second workspace records the same stop without trying the relay again
        let second = try await Self.pipeline(b, relay: relay).run()
        #expect(second.stopped && second.summary.attempted == 0 && second.summary.notAttempted == 3)
        #expect(server.events("auth").count == 1, "the relay was tried once per workspace: \(server.events("auth"))")
        #expect(try Incidents(database: b.database).open(.smtp) != nil)

        // When the gateway's password is fixed, both workspaces deliver again through the same relay
        try gatewaySecrets.set(name: "smtp_password", value: "s3cret")
        let resumed = try await Self.pipeline(b, relay: relay).run()
        #expect(!resumed.stopped && resumed.summary.sent == 3)
        #expect(try Incidents(database: b.database).open(.smtp) == nil)
        #expect(try await Self.pipeline(a, relay: relay).run().summary.sent == 2)
        let recipients = server.events("accepted").compactMap { ($0["rcpt_tos"] as? [String])?.first }
        #expect(recipients.filter { $0.hasPrefix("a-") }.count == 2 && recipients.filter { $0.hasPrefix("b-") }.count == 3)
    }

    @Test func aWorkspaceWithOneMessageIsNotKeptWaitingBehindAnotherWorkspacesBacklog() async throws {
        // One session for the whole gateway, and each of the busy workspace's messages held 1 s by the
        // server: the backlog lasts 12 s, long enough for the quiet pass to queue even on a loaded
        // machine (at 0.2 s a full test run beside a build let the backlog end first).
        let (busy, quiet) = try await Self.twoWorkspaces(serverArguments: ["--slow-seconds", "1"], settings: ["smtp_connections": "1"])
        let server = try #require(busy.server)
        for _ in 0..<12 { try busy.enqueue(to: "slowdot-busy@pennylane.test") }
        let lone = try quiet.enqueue(to: "quiet@pennylane.test")
        let relay = GatewayRelay(gateway: try busy.configuration, database: busy.database)

        // When both workspaces deliver at once
        let busyPass = try Self.pipeline(busy, relay: relay)
        let quietPass = try Self.pipeline(quiet, relay: relay)
        async let backlog = busyPass.run()
        // (the quiet one starts once the busy one holds the only session)
        while server.events("accepted").isEmpty { try await Task.sleep(for: .milliseconds(20)) }
        let single = try await quietPass.run()
        let drained = try await backlog

        // Then the quiet workspace's message went out before the busy workspace's backlog was done
        #expect(single.summary.sent == 1 && drained.summary.sent == 12)
        let order = server.events("accepted").compactMap { $0["message_id"] as? String }
        let position = try #require(order.firstIndex(of: "<\(lone.messageID)>"))
        #expect(position < order.count - 1, "the quiet workspace waited for the whole backlog: position \(position) of \(order.count)")
    }
}
