import FacteurTesting
import Foundation
import Testing

/// `facteur run` end to end: the real binary, the sandbox process, aiosmtpd on 127.0.0.1.
@Suite(.serialized, .processHeavy) struct DaemonTests {
    /// YYYY-MM-DD, `days` ago.
    static func date(daysAgo days: Int) -> String {
        String(ISO8601DateFormatter().string(from: Date().addingTimeInterval(-Double(days) * 86_400)).prefix(10))
    }

    func openIncidents(_ cli: CLIHarness) async throws -> [[String: Any]] {
        try await cli.status()["openIncidents"] as? [[String: Any]] ?? []
    }

    @Test func aQontoAuthFailureStopsPollingMailsTheOwnerOnceAndClearsWhenFixed() async throws {
        let cli = try await CLIHarness()
        let sandbox = try await SandboxProcess(arguments: ["--invoices-per-year", "12", "--years", "1"], directory: cli.directory.path)
        defer { sandbox.stop() }
        cli.use(sandbox, .apiKey)
        cli.settings["qonto_secret_key"] = nil  // kept in the secret store, so a person can fix it while it runs
        cli.settings["owner_email"] = "owner@example.fr"
        cli.settings["web_bind"] = "127.0.0.1:0"
        cli.settings["backfill_since"] = Self.date(daysAgo: 200)
        try await cli.setSecret("qonto_secret_key", "a-revoked-key")
        let server = try #require(cli.server)

        // Given a daemon whose Qonto key is refused
        let daemon = try RunningDaemon(cli)
        let port = try await #require(daemon.webPort(), "no status page: \(daemon.stderr)")
        let notice = "<facteur.incident.1@facteur>"
        #expect(await RunningDaemon.wait(seconds: 30) { server.acceptedMessageIDs().contains(notice) }, "no notice: \(daemon.stderr)")

        // Then polling stopped with one open incident, shown by `facteur status` and the status page
        var incidents = try await openIncidents(cli)
        #expect(incidents.count == 1)
        #expect(incidents.first?["side"] as? String == "qonto")
        #expect(incidents.first?["notifiedAt"] is String)
        #expect(try await cli.run(["status"]).status == 3)
        let page = try await cli.httpGet("http://127.0.0.1:\(port)/")
        #expect(page.contains("facteur secret set qonto_secret_key"), "the page does not show the incident's remedy")
        #expect(try await cli.outboxRows().isEmpty)

        // When someone stores another wrong key, the next attempt fails again but mails nobody
        try await cli.setSecret("qonto_secret_key", "another-wrong-key")
        #expect(await RunningDaemon.wait(seconds: 30) { (try? await cli.sqlite("SELECT occurrences FROM incidents WHERE id = 1")) == "2" },
                "the poller did not try again after the key changed: \(daemon.stderr)")

        // When the right key is stored, the next window clears the incident and the invoices flow
        try await cli.setSecret("qonto_secret_key", "sandbox-secret-key")
        #expect(await RunningDaemon.wait(seconds: 30) { (try? await openIncidents(cli).isEmpty) ?? false }, "incident still open: \(daemon.stderr)")
        #expect(try await cli.sqlite("SELECT resolved_at IS NOT NULL FROM incidents WHERE id = 1") == "1")
        incidents = try await openIncidents(cli)
        #expect(incidents.isEmpty)
        #expect(await RunningDaemon.wait(seconds: 60) { server.acceptedMessageIDs().count > 3 })
        #expect(await daemon.terminate() == 0)

        // Exactly one notice reached the server for the whole incident, and the mail log has it
        let notices = server.events("accepted").filter { ($0["message_id"] as? String)?.hasPrefix("<facteur.incident.") == true }
        #expect(notices.count == 1)
        #expect(try await cli.sqlite("SELECT COUNT(*) FROM mail_log WHERE event = 'notice' AND outcome = 'sent'") == "1")
        #expect(try await cli.run(["audit", "--verify"]).status == 0)
    }

    @Test func anSMTPAuthFailureStopsDeliveryOnlyAndClearsWhenThePasswordIsFixed() async throws {
        let cli = try await CLIHarness(serverArguments: ["--auth", "facteur:s3cret"])
        let sandbox = try await SandboxProcess(arguments: ["--invoices-per-year", "12", "--years", "1"], directory: cli.directory.path)
        defer { sandbox.stop() }
        cli.use(sandbox, .apiKey)
        cli.settings["smtp_username"] = "facteur"
        cli.settings["owner_email"] = "owner@example.fr"
        cli.settings["web_bind"] = "127.0.0.1:0"
        cli.settings["backfill_since"] = Self.date(daysAgo: 200)
        try await cli.setSecret("smtp_password", "an-old-password")
        let server = try #require(cli.server)

        // Given a relay that refuses the stored password
        let daemon = try RunningDaemon(cli)
        #expect(await RunningDaemon.wait(seconds: 60) { ((try? await openIncidents(cli)) ?? []).contains { $0["side"] as? String == "smtp" } },
                "\(daemon.stderr.suffix(2000))")
        // Then delivery stopped with an incident (the owner cannot be mailed through that relay: it says so),
        // polling went on, and nothing was lost: the messages wait in the outbox
        let incident = try await #require(try openIncidents(cli).first { $0["side"] as? String == "smtp" })
        #expect((incident["notificationError"] as? String)?.contains("SMTP relay") == true)
        #expect(try await openIncidents(cli).contains { $0["side"] as? String == "qonto" } == false)
        let waiting = try await cli.outboxRows()
        #expect(!waiting.isEmpty && waiting.allSatisfy { $0["state"] as? String != "failed" && $0["state"] as? String != "sent" })
        #expect(server.acceptedMessageIDs().isEmpty)

        // When the right password is stored, delivery resumes by itself and the incident closes
        try await cli.setSecret("smtp_password", "s3cret")
        #expect(await RunningDaemon.wait(seconds: 90) {
            let rows = (try? await cli.outboxRows()) ?? []
            return !rows.isEmpty && rows.allSatisfy { ["sent", "held"].contains($0["state"] as? String) }
        }, "\(daemon.stderr.suffix(2000))")
        #expect(try await openIncidents(cli).isEmpty)
        #expect(await daemon.terminate() == 0)
        #expect(try await cli.run(["audit", "--verify"]).status == 0)
    }

    @Test func sigtermDuringAWindowAndDuringDeliveryLosesAndDuplicatesNothing() async throws {
        let cli = try await CLIHarness(serverArguments: ["--slow-seconds", "0.3"])
        let sandbox = try await SandboxProcess(arguments: ["--invoices-per-year", "60", "--years", "3"], directory: cli.directory.path)
        defer { sandbox.stop() }
        cli.use(sandbox, .apiKey)
        cli.settings["web_bind"] = "127.0.0.1:0"
        cli.settings["backfill_since"] = Self.date(daysAgo: 3 * 365)
        // The slowdot fault holds the final reply 0.3 s, so a message is in flight most of the time
        cli.settings["pennylane_supplier_inbox"] = "slowdot-supplier@pennylane.test"
        cli.settings["pennylane_customer_inbox"] = "slowdot-customer@pennylane.test"
        let server = try #require(cli.server)

        // Reference: what a clean sync of the same sandbox queues
        let reference = try await CLIHarness(tls: nil)
        reference.use(sandbox, .apiKey)
        reference.settings["smtp_url"] = "file://\(reference.directory.path)/mail"
        reference.settings["backfill_since"] = cli.settings["backfill_since"]
        #expect(try await reference.run(["sync"]).status == 0)
        let referenceRows = try await reference.outboxRows()
        let expected = Set(referenceRows.compactMap { $0["record_id"] as? String })
        // (a few are queued `held` for review by matching; they must stay held, never be sent)
        let expectedHeld = Set(referenceRows.filter { $0["state"] as? String == "held" }.compactMap { $0["record_id"] as? String })
        #expect(expected.count > 100)

        // When SIGTERM arrives while the backfill's windows are running
        var daemon = try RunningDaemon(cli)
        let spool = "\(cli.dataDirectory)/spool"
        #expect(await RunningDaemon.wait(seconds: 60) {
            ((try? FileManager.default.contentsOfDirectory(atPath: spool))?.count ?? 0) >= 5
        })
        #expect(await daemon.terminate() == 0)
        #expect(daemon.stderr.contains("window abandoned for shutdown"), "not stopped inside a window: \(daemon.stderr)")

        // When SIGTERM arrives while messages are being delivered
        daemon = try RunningDaemon(cli)
        #expect(await RunningDaemon.wait(seconds: 120) { server.acceptedMessageIDs().count >= 5 }, "\(daemon.stderr)")
        #expect(await daemon.terminate() == 0)
        let states = try await cli.outboxRows().compactMap { $0["state"] as? String }
        #expect(!states.contains("sending") && !states.contains("unknown"), "the in-flight message did not finish: \(states)")
        #expect(states.contains("queued"), "everything was sent before the stop: the test proves nothing")

        // Then after a restart every record arrives, each exactly once (those held for review stay held)
        daemon = try RunningDaemon(cli)
        #expect(await RunningDaemon.wait(seconds: 300) {
            let rows = (try? await cli.outboxRows()) ?? []
            return rows.count == expected.count && rows.allSatisfy { ["sent", "held"].contains($0["state"] as? String) }
        }, "\(daemon.stderr.suffix(2000))")
        #expect(await daemon.terminate() == 0)
        let rows = try await cli.outboxRows()
        #expect(Set(rows.compactMap { $0["record_id"] as? String }) == expected)
        let sent = rows.filter { $0["state"] as? String == "sent" }
        #expect(Set(rows.filter { $0["state"] as? String == "held" }.compactMap { $0["record_id"] as? String }) == expectedHeld)
        let accepted = server.acceptedMessageIDs()
        #expect(accepted.count == Set(accepted).count, "a message was sent twice")
        #expect(Set(accepted) == Set(sent.compactMap { ($0["message_id"] as? String).map { "<\($0)>" } }))
        #expect(try await cli.run(["audit", "--verify"]).status == 0)
    }

    @Test func aSecondRunOnTheSameDataIsRefusedWithAClearMessage() async throws {
        let cli = try await CLIHarness(tls: nil)
        cli.settings["smtp_url"] = "file://\(cli.directory.path)/mail"
        cli.settings["web_bind"] = "127.0.0.1:0"
        // Complete enough for run to start (RunReadiness); nothing listens on port 9
        cli.settings["qonto_api_url"] = "http://127.0.0.1:9"
        cli.settings["qonto_login"] = "mon-entreprise"
        cli.settings["qonto_secret_key"] = "not-a-real-key"
        let first = try RunningDaemon(cli)
        #expect(await first.webPort() != nil, "\(first.stderr)")
        let second = try await cli.run(["run"])
        #expect(second.status == 75)
        #expect(second.stderr.contains("another facteur process"))
        let deliver = try await cli.run(["deliver"])
        #expect(deliver.status == 75)
        #expect(await first.terminate() == 0)
    }

    @Test func aNonLoopbackWebBindWithoutAPasswordIsRefused() async throws {
        let cli = try await CLIHarness(tls: nil)
        cli.settings["smtp_url"] = "file://\(cli.directory.path)/mail"
        cli.settings["web_bind"] = "0.0.0.0:0"
        let result = try await cli.run(["run"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("facteur web-password"), "\(result.stderr)")
    }
}
