import FacteurTesting
import Foundation
import Testing

/// One `facteur run` serving two companies: the real binary, two sandbox processes (two Qonto
/// organisations with different invoices), one aiosmtpd relay on 127.0.0.1, and one SQLite
/// database per workspace.
@Suite(.serialized, .processHeavy) struct WorkspaceDaemonTests {
    /// The Message-IDs (in angle brackets, as the relay logs them) of a workspace's sent rows.
    static func sentMessageIDs(_ rows: [[String: Any]]) -> Set<String> {
        Set(rows.filter { $0["state"] as? String == "sent" }.compactMap { ($0["message_id"] as? String).map { "<\($0)>" } })
    }

    @Test func oneRunDeliversEachCompanysInvoicesToItsOwnInboxesAndAnAuthStopInOneLeavesTheOtherFlowing() async throws {
        let cli = try await CLIHarness()
        cli.keepGatewayKeysOnly()
        cli.settings["web_bind"] = "127.0.0.1:0"
        let alpha = try await SandboxProcess(arguments: ["--seed", "101", "--invoices-per-year", "12", "--years", "1"],
                                       directory: cli.directory.path)
        defer { alpha.stop() }
        let beta = try await SandboxProcess(arguments: ["--seed", "202", "--invoices-per-year", "12", "--years", "1"],
                                      directory: cli.directory.path)
        defer { beta.stop() }
        for (id, sandbox) in [("alpha", alpha), ("beta", beta)] {
            var keys = CLIHarness.workspaceKeys(id, sandbox: sandbox)
            keys["backfill_since"] = DaemonTests.date(daysAgo: 200)
            keys["poll_interval"] = "60"
            try cli.addWorkspace(id, keys: keys)
            try await cli.createDatabase(workspace: id)
        }
        let server = try #require(cli.server)

        // Given one daemon serving both companies
        let daemon = try RunningDaemon(cli)
        // (a first poll commits several windows, each delivered as it commits: wait for the whole poll)
        #expect(await RunningDaemon.wait(seconds: 240) {
            for id in ["alpha", "beta"] {
                guard daemon.finishedAPoll(workspace: id), await cli.outboxSettled(workspace: id) else { return false }
            }
            return true
        }, "\(daemon.stderr.suffix(3000))")

        // Then each company's invoices reached its own inboxes and never the other's
        let alphaSent = Self.sentMessageIDs(try await cli.outboxRows(workspace: "alpha"))
        let betaRows = try await cli.outboxRows(workspace: "beta")
        let betaSent = Self.sentMessageIDs(betaRows)
        #expect(!alphaSent.isEmpty && !betaSent.isEmpty)
        #expect(alphaSent.isDisjoint(with: betaSent), "the two companies share Message-IDs")
        let accepted = server.events("accepted")
        for event in accepted {
            let id = event["message_id"] as? String ?? "", recipients = event["rcpt_tos"] as? [String] ?? []
            let owner = alphaSent.contains(id) ? "alpha" : betaSent.contains(id) ? "beta" : nil
            #expect(owner != nil, "a message no workspace sent: \(id) to \(recipients)")
            #expect(!recipients.isEmpty && recipients.allSatisfy { $0.hasPrefix("\(owner ?? "?")-") },
                    "\(id) of \(owner ?? "?") went to \(recipients)")
        }
        let acceptedIDs = accepted.compactMap { $0["message_id"] as? String }
        #expect(acceptedIDs.count == Set(acceptedIDs).count, "a message was sent twice")
        #expect(Set(acceptedIDs) == alphaSent.union(betaSent))

        // When alpha's Qonto credentials are revoked, and one of beta's invoices changes in Qonto
        try await alpha.revokeCredentials()
        let touched = try #require(betaRows.first {
            $0["record_type"] as? String == "supplier_invoice" && $0["state"] as? String == "sent"
        }?["record_id"] as? String)
        try await beta.post("invoices/\(touched)/touch", #"{"amount": "4242.42"}"#)

        // Then alpha stops with one Qonto incident and its owner alone is mailed
        #expect(await RunningDaemon.wait(seconds: 150) {
            server.acceptedMessageIDs().contains { $0.hasPrefix("<facteur.incident.") }
        }, "no notice: \(daemon.stderr.suffix(3000))")
        // And beta keeps polling and delivering: the changed invoice goes out again, to beta's inbox
        #expect(await RunningDaemon.wait(seconds: 150) {
            let versions = ((try? await cli.outboxRows(workspace: "beta")) ?? []).filter { $0["record_id"] as? String == touched }
            return versions.count == 2 && versions.allSatisfy { $0["state"] as? String == "sent" }
        }, "beta stopped flowing: \(daemon.stderr.suffix(3000))")
        let alphaIncidents = try await cli.openIncidents(workspace: "alpha")
        #expect(alphaIncidents.count == 1)
        #expect(alphaIncidents.first?["side"] as? String == "qonto")
        #expect(try await cli.openIncidents(workspace: "beta").isEmpty)
        let update = Self.sentMessageIDs(try await cli.outboxRows(workspace: "beta")).subtracting(betaSent)
        #expect(update.count == 1)
        let updateEvent = server.events("accepted").first { update.contains($0["message_id"] as? String ?? "") }
        #expect((updateEvent?["rcpt_tos"] as? [String])?.allSatisfy { $0.hasPrefix("beta-") } == true)
        #expect(await daemon.terminate() == 0)

        // Exactly one notice went out for the whole run, to alpha's owner
        let notices = server.events("accepted").filter { ($0["message_id"] as? String)?.hasPrefix("<facteur.incident.") == true }
        #expect(notices.count == 1)
        #expect(notices.first?["rcpt_tos"] as? [String] == ["owner@alpha.test"])
        #expect(notices.first?["message_id"] as? String == "<facteur.incident.alpha.1@facteur>")
        for id in ["alpha", "beta"] { #expect(try await cli.run(["audit", "--verify", "--workspace", id]).status == 0) }
    }

    @Test func theCLIAndTheDaemonQueueAndSendTheSameMessagesForAWorkspaceAndABrokenWorkspaceIsSkipped() async throws {
        let backfill = DaemonTests.date(daysAgo: 200)
        func gateway(_ cli: CLIHarness, _ sandbox: SandboxProcess) throws {
            cli.keepGatewayKeysOnly()
            cli.settings["web_bind"] = "127.0.0.1:0"
            var keys = CLIHarness.workspaceKeys("gamma", sandbox: sandbox)
            keys["backfill_since"] = backfill
            try cli.addWorkspace("gamma", keys: keys)
        }
        let cli = try await CLIHarness(), daemonSide = try await CLIHarness()
        let sandbox = try await SandboxProcess(arguments: ["--seed", "303", "--invoices-per-year", "12", "--years", "1"],
                                         directory: cli.directory.path)
        defer { sandbox.stop() }
        try gateway(cli, sandbox)
        try gateway(daemonSide, sandbox)
        try await daemonSide.createDatabase(workspace: "gamma")

        // When one gateway runs `facteur sync` and `facteur deliver` for the workspace
        let sync = try await cli.run(["sync", "--workspace", "gamma"])
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(sync.stdout.contains(" queued, "))
        let deliver = try await cli.run(["deliver", "--workspace", "gamma"])
        #expect(deliver.status == 0, "\(deliver.stderr)")
        #expect(deliver.stdout.hasPrefix("delivered via smtp://127.0.0.1:"))

        // And the other runs the daemon over the same organisation, next to a company whose file
        // lacks its inboxes (reported and skipped: it keeps no one else from running)
        var broken = CLIHarness.workspaceKeys("delta", sandbox: sandbox)
        broken["pennylane_supplier_inbox"] = nil
        try daemonSide.addWorkspace("delta", keys: broken)
        let daemon = try RunningDaemon(daemonSide)
        #expect(await RunningDaemon.wait(seconds: 240) {
            guard daemon.finishedAPoll(workspace: "gamma") else { return false }
            return await daemonSide.outboxSettled(workspace: "gamma")
        }, "\(daemon.stderr.suffix(3000))")
        #expect(daemon.stderr.contains("workspace delta: pennylane_supplier_inbox: not set"), "\(daemon.stderr.suffix(3000))")
        #expect(await daemon.terminate() == 0)

        // Then both queued the same messages (record, state, recipient, Message-ID) and sent the same ones
        func queue(_ harness: CLIHarness) async throws -> Set<String> {
            Set(try await harness.outboxRows(workspace: "gamma").map { row in
                ["record_id", "state", "recipient", "message_id"].map { row[$0] as? String ?? "-" }.joined(separator: " ")
            })
        }
        let viaSync = try await queue(cli)
        #expect(viaSync.count > 5)
        #expect(viaSync == (try await queue(daemonSide)))
        let sentByCLI = Set(try #require(cli.server).acceptedMessageIDs())
        #expect(!sentByCLI.isEmpty)
        #expect(sentByCLI == Set(try #require(daemonSide.server).acceptedMessageIDs()))
    }
}
