import FacteurTesting
import Foundation
import Testing

/// Issue 14: a single-company data directory written by today's release (commit 9ff180e,
/// Fixtures/upgrade-9ff180e.tar.gz) becomes the workspace `default` as it stands — its chain still
/// verifies to the same head, nothing already sent is sent again, its outbox, stored secret and web
/// password are still there, and an update references the Message-ID stored before the upgrade.
@Suite(.processHeavy) struct UpgradeTests {
    /// The mail-log head the release printed when it wrote the fixture (Fixtures/README.md).
    static let releaseHead = "16:5281ed0a33a6761e2295de2f68bac695fb668b7b41eb1342461c054b3738c645"
    /// A client invoice the release forwarded, and the Message-ID it stored for it.
    static let clientInvoice = "ed0b5836-d70f-4dfb-ad1f-6d8a51fa913d"
    static let storedMessageID = "qonto.client_invoice.ed0b5836-d70f-4dfb-ad1f-6d8a51fa913d.e738e100@facteur"

    /// A copy of the fixture in a temporary directory, the sandbox serving its dataset, and the
    /// configuration the release ran with (the Qonto key is only in the secret store).
    func upgraded() async throws -> (CLIHarness, SandboxProcess) {
        let cli = try await CLIHarness(tls: nil)
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
        tar.arguments = ["-xzf", "\(Repository.root)/Tests/FacteurCLITests/Fixtures/upgrade-9ff180e.tar.gz", "-C", cli.directory.path]
        try tar.run()
        await tar.waitForExit()
        try #require(tar.terminationStatus == 0)
        let sandbox = try await SandboxProcess(arguments: ["--dataset", "\(cli.directory.path)/dataset"], directory: cli.directory.path)
        cli.settings = [
            "data_dir": "\(cli.directory.path)/data",
            "templates_dir": "\(Repository.root)/templates",
            "smtp_url": "file://\(cli.directory.path)/mail",
            "smtp_from": "Facteur <factures@upgrade.example>",
            "pennylane_supplier_inbox": "achats-upgrade@pennylane.example",
            "pennylane_customer_inbox": "ventes-upgrade@pennylane.example",
            "qonto_api_url": sandbox.baseURL,
            "qonto_oauth_url": sandbox.baseURL,
            "qonto_login": "facteur-demo",
            "backfill_since": "2026-01-01",
        ]
        return (cli, sandbox)
    }

    func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    /// The release's outbox as (id, state, Message-ID), in id order.
    func outboxRows(_ cli: CLIHarness) async throws -> [String] {
        try await cli.sqlite("SELECT id || ' ' || state || ' ' || message_id FROM outbox ORDER BY id").split(separator: "\n").map(String.init)
    }

    @Test func theReleasesDataDirectoryIsTheDefaultWorkspaceAndNothingIsSentAgain() async throws {
        let (cli, sandbox) = try await upgraded()
        defer { sandbox.stop() }
        let before = try await outboxRows(cli)
        #expect(before.count == 7)

        // The workspace `default`, with what waits in it
        let listed = try await cli.run(["workspace", "list"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("default"), "\(listed.stdout)")
        let summaries = try await #require(try json(try cli.run(["workspace", "list", "--json"]).stdout) as? [[String: Any]])
        #expect(summaries.map { $0["id"] as? String } == ["default"])
        let waiting = try #require(summaries.first?["waiting"] as? [String: Any])
        #expect(["outgoing", "failed", "heldMessages", "heldRecords"].map { waiting[$0] as? Int } == [0, 0, 2, 4], "\(waiting)")
        #expect(summaries.first?["qontoMode"] as? String == "api_key")

        // The chain verifies, to the very head the release printed
        let verified = try await cli.run(["audit", "--verify", "--expect-head", Self.releaseHead])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.contains("mail log intact: 16 rows verified"), "\(verified.stdout)")

        // The same Qonto data again, from the start: nothing queued, nothing sent
        let since = max("2026-01-01", Self.day(Date().addingTimeInterval(-3 * 365 * 86_400 + 2 * 86_400)))
        let synced = try await cli.run(["sync", "--since", since, "--json"])
        #expect(synced.status == 0, "\(synced.stdout)\(synced.stderr)")
        let summary = try #require(try json(synced.stdout) as? [String: Any])
        // All 10 records until Qonto's 3-year reach (from 2029-02) starts to clip the fixture's dates.
        if since == "2026-01-01" { #expect(summary["listed"] as? Int == 10, "\(synced.stdout)") }
        #expect(summary["unchanged"] as? Int == summary["listed"] as? Int, "\(synced.stdout)")
        #expect(summary["forwarded"] as? Int == 0 && summary["updated"] as? Int == 0, "\(synced.stdout)")
        let delivered = try await cli.run(["deliver", "--json"])
        #expect(delivered.status == 0, "\(delivered.stdout)\(delivered.stderr)")
        let delivery = try #require(try json(delivered.stdout) as? [String: Any])
        #expect(delivery["attempted"] as? Int == 0 && delivery["sent"] as? Int == 0, "\(delivered.stdout)")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: "\(cli.directory.path)/mail/new")) ?? []).isEmpty)

        // The old messages, as stored (their Message-IDs are not rewritten)
        #expect(try await outboxRows(cli) == before)
        let outbox = try await cli.run(["outbox"])
        #expect(outbox.status == 0, "\(outbox.stderr)")
        #expect(outbox.stdout.contains("7 messages: 5 sent, 2 held"), "\(outbox.stdout)")
        #expect(outbox.stdout.contains(Self.clientInvoice))
        // The secret (the sync above authenticated with it) and the web password survived
        #expect(try await cli.run(["secret", "list"]).stdout.contains("qonto_secret_key"))
        #expect(try await cli.sqlite("SELECT length(value) > 0 FROM settings WHERE key = 'web.password_hash'") == "1")
        #expect(try await cli.run(["audit", "--verify", "--expect-head", Self.releaseHead]).status == 0)
    }

    @Test func anUpdateAfterTheUpgradeReferencesTheMessageIDStoredBeforeIt() async throws {
        let (cli, sandbox) = try await upgraded()
        defer { sandbox.stop() }
        // Given the amount of an invoice the release forwarded changed in Qonto
        try await Self.post("\(sandbox.baseURL)/_sandbox/invoices/\(Self.clientInvoice)/touch", body: #"{"amount": "999.00"}"#)
        // A window ends at the last whole second: let the change fall inside it.
        try? await Task.sleep(for: .seconds(1.2))
        let synced = try await cli.run(["sync", "--json"])
        #expect(synced.status == 0, "\(synced.stdout)\(synced.stderr)")
        // Then its update carries the new workspace-scoped Message-ID and names the stored one
        let row = try await cli.sqlite("SELECT message_id || ' ' || spool_file FROM outbox WHERE record_id = '\(Self.clientInvoice)' AND supersedes_id IS NOT NULL")
        let parts = row.split(separator: " ").map(String.init)
        try #require(parts.count == 2, "no update queued: \(synced.stdout)")
        #expect(parts[0].hasPrefix("qonto.client_invoice.\(Self.clientInvoice).") && parts[0].hasSuffix("@default.facteur"))
        let spooled = String(decoding: try Data(contentsOf: URL(fileURLWithPath: "\(cli.dataDirectory)/\(parts[1])")), as: UTF8.self)
        #expect(spooled.contains("\r\nMessage-ID: <\(parts[0])>\r\n"))
        #expect(spooled.contains("\r\nIn-Reply-To: <\(Self.storedMessageID)>\r\nReferences: <\(Self.storedMessageID)>\r\n"))
        // And the earlier row keeps its ID; the chain goes on from the release's head
        #expect(try await cli.sqlite("SELECT message_id FROM outbox WHERE id = 5") == Self.storedMessageID)
        #expect(try await cli.run(["audit", "--verify", "--expect-head", Self.releaseHead]).status == 0)
    }

    static func day(_ date: Date) -> String { String(ISO8601DateFormatter().string(from: date).prefix(10)) }

    static func post(_ url: String, body: String) async throws {
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = ["-sf", "-X", "POST", "-H", "Content-Type: application/json", "-d", body, url, "-o", "/dev/null"]
        try curl.run()
        await curl.waitForExit()
        try #require(curl.terminationStatus == 0, "POST \(url) failed")
    }
}
