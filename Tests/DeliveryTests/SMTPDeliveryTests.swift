import FacteurApp
import FacteurCore
import FacteurTesting
import Foundation
import Store
import Testing

/// Real libcurl against a real SMTP server (aiosmtpd) on 127.0.0.1: TLS modes, trust, AUTH and the
/// ordinary happy path. Faults are in SMTPFaultTests.
@Suite(.serialized, .poolWatchdog, .processHeavy) struct SMTPDeliveryTests {
    @Test func startTLSWithVerifiedCertificateAndAuthDelivers() async throws {
        // Given a STARTTLS server that requires AUTH, trusted through the test CA
        let harness = try await DeliveryHarness(tls: "starttls", serverArguments: ["--auth", "facteur:s3cret"],
                                          settings: ["smtp_username": "facteur", "smtp_password": "s3cret"])
        let queued = try harness.enqueue()
        // When the outbox is delivered
        let summary = try await harness.deliver()
        // Then the message is sent, with the server's queue id kept as proof
        #expect(summary.sent == 1 && summary.attempted == 1)
        let sent = try harness.message(queued.id)
        #expect(sent.state == .sent)
        #expect(sent.lastReply?.hasPrefix("250 2.0.0 Ok: queued as ") == true)
        let server = try #require(harness.server)
        #expect(server.events("auth").first?["ok"] as? Bool == true)
        #expect(server.events("tls").first?["version"] as? String == "TLSv1.3")
        // And the server got exactly the spooled bytes, which a strict parser accepts
        let stored = try #require(server.storedMessages().first)
        let spool = try Data(contentsOf: URL(fileURLWithPath: "\(harness.settings["data_dir"]!)/\(sent.spoolFile)"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: stored)) == spool)
        let parsed = try await harness.checkMIME(stored, expectSHA256: sent.attachmentSHA256)
        #expect(parsed["qonto_id"] as? String == sent.recordID)
        #expect(parsed["to"] as? [String] == ["supplier@pennylane.test"])
        // And the mail log holds the attempt with the full reply
        let attempt = try #require(try harness.log().last)
        #expect(attempt.event == "attempt" && attempt.outcome == "sent" && attempt.reply == sent.lastReply)
    }

    @Test func implicitTLSDelivers() async throws {
        let harness = try await DeliveryHarness(tls: "implicit", scheme: "smtps")
        let queued = try harness.enqueue()
        try await harness.deliver()
        #expect(try harness.message(queued.id).state == .sent)
        #expect(harness.server?.events("tls").first?["mode"] as? String == "implicit")
    }

    @Test func certificateFromAnUnrelatedCAIsRefused() async throws {
        let harness = try await DeliveryHarness(tls: "starttls", settings: ["smtp_ca_file": Repository.cert("other-ca.pem")])
        let queued = try harness.enqueue()
        let summary = try await harness.deliver()
        let message = try harness.message(queued.id)
        #expect(message.state == .deferred)
        #expect(message.lastError?.hasPrefix("TLS failure: curl error 60") == true)
        #expect(summary.stoppedBecause != nil)
        #expect(harness.server?.events("accepted").isEmpty == true)
    }

    @Test func tlsMinimum13RefusesATLS12OnlyServer() async throws {
        let harness = try await DeliveryHarness(tls: "starttls", serverArguments: ["--tls-max", "1.2"])
        let queued = try harness.enqueue()
        try await harness.deliver()
        #expect(try harness.message(queued.id).state == .deferred)
        #expect(try harness.message(queued.id).lastError?.hasPrefix("TLS failure: curl error 35") == true)
        #expect(harness.server?.events("accepted").isEmpty == true)
        // And with the floor lowered to 1.2 (configurable), the same server is accepted
        harness.settings["smtp_tls_min"] = "1.2"
        try await harness.deliver(now: { Date().addingTimeInterval(3600) })
        #expect(try harness.message(queued.id).state == .sent)
        #expect(harness.server?.events("tls").last?["version"] as? String == "TLSv1.2")
    }

    @Test func serverWithoutSTARTTLSIsRefusedNeverCleartext() async throws {
        // Given a server that does not offer STARTTLS, and credentials configured
        let harness = try await DeliveryHarness(tls: "none", serverArguments: ["--auth", "facteur:s3cret"],
                                          settings: ["smtp_username": "facteur", "smtp_password": "s3cret"])
        let queued = try harness.enqueue()
        try await harness.deliver()
        // Then nothing was sent: no AUTH, no MAIL in cleartext
        let message = try harness.message(queued.id)
        #expect(message.state == .deferred)
        #expect(message.lastError?.hasPrefix("TLS failure: curl error 64") == true)
        #expect(harness.server?.events("auth").isEmpty == true)
        #expect(harness.server?.events("accepted").isEmpty == true)
    }

    @Test func wrongPasswordIsAnAuthFailureThatStopsTheBatch() async throws {
        let harness = try await DeliveryHarness(tls: "starttls", serverArguments: ["--auth", "facteur:s3cret"],
                                          settings: ["smtp_username": "facteur", "smtp_password": "wrong"])
        let first = try harness.enqueue()
        let second = try harness.enqueue()
        let summary = try await harness.deliver(connections: 1)
        #expect(summary.attempted == 1 && summary.notAttempted == 1)
        #expect(summary.stoppedBecause?.hasPrefix("authentication failed: 535 5.7.8") == true)
        let attempted = [try harness.message(first.id), try harness.message(second.id)]
        #expect(attempted.map(\.state).sorted { $0.rawValue < $1.rawValue } == [.deferred, .queued])
        #expect(attempted.contains { $0.lastReply == "535 5.7.8 Authentication credentials invalid" })
        // The password never reaches the log or the outbox
        #expect(!(try harness.log()).contains { ($0.detail ?? "").contains("wrong") || ($0.reply ?? "").contains("wrong") })
    }

    @Test func oneConnectionCarriesAWholeBatch() async throws {
        let harness = try await DeliveryHarness(tls: "starttls")
        for _ in 0..<5 { try harness.enqueue() }
        let summary = try await harness.deliver(connections: 1)
        #expect(summary.sent == 5)
        #expect(harness.server?.events("connect").count == 1)
        #expect(harness.server?.events("accepted").count == 5)
    }

    @Test func plaintextIsOnlyForLoopbackAndSaysSo() async throws {
        let harness = try await DeliveryHarness(tls: "none")
        harness.settings["smtp_url"] = "smtp+plain://127.0.0.1:\(harness.server!.port)"
        let queued = try harness.enqueue()
        try await harness.deliver()
        #expect(try harness.message(queued.id).state == .sent)
        harness.settings["smtp_url"] = "smtp+plain://relay.example.com:25"
        #expect(throws: (any Error).self) { try harness.configuration }
    }
}
