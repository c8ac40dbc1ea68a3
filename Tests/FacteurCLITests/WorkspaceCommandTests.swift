import FacteurTesting
import Foundation
import Glibc
import Testing

/// `facteur workspace add|list|show|remove` and `--workspace` on the other commands (issue 14).
@Suite(.processHeavy) struct WorkspaceCommandTests {
    /// A gateway (the harness's configuration, which also carries the default workspace's keys)
    /// with a file-transport relay.
    func gateway() async throws -> CLIHarness {
        let cli = try await CLIHarness(tls: nil)
        cli.settings["smtp_url"] = "file://\(cli.directory.path)/mail"
        return cli
    }

    /// Writes a workspace key file (0600) and returns its path.
    func keyFile(_ cli: CLIHarness, _ keys: [String: String], name: String = "acme.json") throws -> String {
        let path = "\(cli.directory.path)/\(name)"
        try JSONSerialization.data(withJSONObject: keys, options: [.sortedKeys]).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o600)
        return path
    }

    static let acmeKeys = [
        "pennylane_supplier_inbox": "achats-acme@pennylane.test",
        "pennylane_customer_inbox": "ventes-acme@pennylane.test",
        "owner_email": "gerant@acme.test",
        "smtp_from": "Facteur ACME <factures@acme.test>",
        "qonto_login": "acme-sarl",
        "qonto_secret_key": "acme-secret-value",
    ]

    func addAcme(_ cli: CLIHarness) async throws {
        let added = try await cli.run(["workspace", "add", "acme", "--from", try keyFile(cli, Self.acmeKeys)])
        try #require(added.status == 0, "\(added.stdout)\(added.stderr)")
    }

    @Test func addRefusesAGatewayKeyNamingItAndWritesNothing() async throws {
        let cli = try await gateway()
        var keys = Self.acmeKeys
        keys["smtp_url"] = "smtp://127.0.0.1:2525"
        let result = try await cli.run(["workspace", "add", "acme", "--from", try keyFile(cli, keys)])
        #expect(result.status == 78)
        #expect(result.stderr.contains("smtp_url") && result.stderr.contains("gateway setting"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "\(cli.dataDirectory)/workspaces/acme"))
    }

    @Test func addRefusesABadNameDefaultAndAnExistingWorkspaceWithoutTouchingIt() async throws {
        let cli = try await gateway()
        let file = try keyFile(cli, Self.acmeKeys)
        let badName = try await cli.run(["workspace", "add", "Acme SARL", "--from", file])
        #expect(badName.status == 78 && badName.stderr.contains("not a workspace name"), "\(badName.stderr)")
        let reserved = try await cli.run(["workspace", "add", "default", "--from", file])
        #expect(reserved.status == 65 && reserved.stderr.contains("data_dir itself"), "\(reserved.stderr)")
        let badValue = try await cli.run(["workspace", "add", "acme", "--from", try keyFile(cli, ["owner_email": "not an address"], name: "bad.json")])
        #expect(badValue.status == 78 && badValue.stderr.contains("owner_email"), "\(badValue.stderr)")
        try await addAcme(cli)
        let keys = "\(cli.dataDirectory)/workspaces/acme/workspace.json"
        let written = try Data(contentsOf: URL(fileURLWithPath: keys))
        let again = try await cli.run(["workspace", "add", "acme", "--from", try keyFile(cli, ["owner_email": "autre@acme.test"], name: "other.json")])
        #expect(again.status == 65 && again.stderr.contains("already exists"), "\(again.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: keys)) == written)
    }

    @Test func addCopiesTheKeysPrivatelyAndShowRedactsTheSecrets() async throws {
        let cli = try await gateway()
        try await addAcme(cli)
        let keys = "\(cli.dataDirectory)/workspaces/acme/workspace.json"
        var info = stat()
        #expect(stat(keys, &info) == 0 && info.st_mode & 0o777 == 0o600)
        let copied = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: keys))) as? [String: String])
        #expect(copied == Self.acmeKeys)
        #expect(FileManager.default.fileExists(atPath: "\(cli.dataDirectory)/workspaces/acme/facteur.sqlite"))

        let shown = try await cli.run(["workspace", "show", "acme"])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("pennylane_supplier_inbox: achats-acme@pennylane.test"), "\(shown.stdout)")
        #expect(shown.stdout.contains("qonto_secret_key: <redacted>"))
        #expect(!shown.stdout.contains("acme-secret-value") && !shown.stderr.contains("acme-secret-value"))
        let json = try await #require(try JSONSerialization.jsonObject(with: Data(try cli.run(["workspace", "show", "acme", "--json"]).stdout.utf8)) as? [String: Any])
        #expect((json["keys"] as? [String: String])?["data_dir"] == "\(cli.dataDirectory)/workspaces/acme")

        let listed = try await #require(try JSONSerialization.jsonObject(with: Data(try cli.run(["workspace", "list", "--json"]).stdout.utf8)) as? [[String: Any]])
        #expect(listed.map { $0["id"] as? String } == ["default", "acme"])
        #expect(listed.last?["owner"] as? String == "gerant@acme.test")
    }

    @Test func listShowsAWorkspaceWhoseFileWasBrokenByHandInsteadOfFailing() async throws {
        let cli = try await gateway()
        try await addAcme(cli)
        // Given someone edited acme's file by hand and put a gateway key in it
        let keys = "\(cli.dataDirectory)/workspaces/acme/workspace.json"
        try Data(#"{"smtp_url": "smtp://elsewhere:25"}"#.utf8).write(to: URL(fileURLWithPath: keys))
        let listed = try await cli.run(["workspace", "list"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("default") && listed.stdout.contains("unreadable: configuration error: smtp_url"), "\(listed.stdout)")
        let json = try await #require(try JSONSerialization.jsonObject(with: Data(try cli.run(["workspace", "list", "--json"]).stdout.utf8)) as? [[String: Any]])
        #expect((json.last?["problem"] as? String)?.contains("gateway setting") == true)
        let shown = try await cli.run(["workspace", "show", "acme"])
        #expect(shown.status == 78 && shown.stderr.contains("smtp_url"), "\(shown.stderr)")
    }

    @Test func aCommandNamesItsWorkspaceWhenTheGatewayServesSeveral() async throws {
        let cli = try await gateway()
        try await addAcme(cli)
        let unnamed = try await cli.run(["outbox"])
        #expect(unnamed.status == 78)
        #expect(unnamed.stderr.contains("several workspaces (default, acme)") && unnamed.stderr.contains("--workspace"), "\(unnamed.stderr)")
        let unknown = try await cli.run(["outbox", "--workspace", "nobody"])
        #expect(unknown.status == 78 && unknown.stderr.contains("no workspace nobody"), "\(unknown.stderr)")
    }

    @Test func forwardGoesToTheNamedWorkspaceWithItsNameInTheMessageID() async throws {
        let cli = try await gateway()
        try await addAcme(cli)
        let forwarded = try await cli.run(["forward", try cli.makePDF("a.pdf"), "--kind", "supplier", "--workspace", "acme", "--json"])
        #expect(forwarded.status == 0, "\(forwarded.stderr)")
        let message = try #require(try JSONSerialization.jsonObject(with: Data(forwarded.stdout.utf8)) as? [String: Any])
        let messageID = try #require((message["message"] as? [String: Any])?["message_id"] as? String, "\(forwarded.stdout)")
        #expect(messageID.hasSuffix("@acme.facteur"), "\(messageID)")
        #expect((message["message"] as? [String: Any])?["recipient"] as? String == "achats-acme@pennylane.test")
        #expect(try await cli.run(["outbox", "--workspace", "acme"]).stdout.contains("1 message: 1 queued"))
        #expect(try await cli.run(["outbox", "--workspace", "default"]).stdout.contains("the outbox is empty"))
        #expect(try await cli.run(["deliver", "--workspace", "acme"]).status == 0)
        let mail = try FileManager.default.contentsOfDirectory(atPath: "\(cli.directory.path)/mail/new")
        #expect(mail.count == 1)
    }

    @Test func auditOfAWorkspaceNamesItOnEveryExportedRow() async throws {
        let cli = try await gateway()
        try await addAcme(cli)
        #expect(try await cli.run(["forward", try cli.makePDF("a.pdf"), "--kind", "supplier", "--workspace", "acme"]).status == 0)
        let csv = try await cli.run(["audit", "--workspace", "acme", "--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.split(separator: "\r\n").map(String.init)
        #expect(lines.first?.hasPrefix("workspace,seq,at,event,") == true, "\(csv.stdout)")
        #expect(lines.count == 2 && lines[1].hasPrefix("acme,1,"), "\(csv.stdout)")
        let json = try await #require(try JSONSerialization.jsonObject(with: Data(try cli.run(["audit", "--workspace", "acme", "--format", "json"]).stdout.utf8)) as? [[String: Any]])
        #expect(json.count == 1 && json.first?["workspace"] as? String == "acme" && json.first?["event"] as? String == "enqueued")
        let table = try await cli.run(["audit", "--workspace", "acme"])
        #expect(table.stdout.hasPrefix("workspace acme: mail log of \(cli.dataDirectory)/workspaces/acme\n"), "\(table.stdout)")
        #expect(try await cli.run(["audit", "--workspace", "acme", "--verify"]).stdout.contains("mail log intact: 1 rows verified"))
        // The other company's log holds none of it
        let other = try await JSONSerialization.jsonObject(with: Data(try cli.run(["audit", "--workspace", "default", "--format", "json"]).stdout.utf8))
        #expect((other as? [Any])?.isEmpty == true)
    }

    @Test func theSMTPPasswordAndTheWebPasswordAreTheGatewaysWhateverTheWorkspace() async throws {
        let cli = try await gateway()
        try await addAcme(cli)
        let (set, out, err) = try cli.start(["secret", "set", "smtp_password", "--workspace", "acme"], stdin: "relay-password\n")
        await set.waitForExit()
        let setErrors = String(decoding: await err.fileHandleForReading.readToEndOffPool(), as: UTF8.self)
        #expect(set.terminationStatus == 0, "\(setErrors)")
        #expect(String(decoding: await out.fileHandleForReading.readToEndOffPool(), as: UTF8.self).contains("for the gateway (data_dir)"))
        let (password, _, _) = try cli.start(["web-password", "--workspace", "acme"], stdin: "a long web password\n")
        await password.waitForExit()
        #expect(password.terminationStatus == 0)
        // A workspace key needs no --workspace for these: they never choose one
        let (bare, _, _) = try cli.start(["web-password"], stdin: "another long password\n")
        await bare.waitForExit()
        #expect(bare.terminationStatus == 0)
        #expect(try await cli.sqlite("SELECT COUNT(*) FROM secrets WHERE name = 'smtp_password'") == "1")
        #expect(try await cli.sqlite("SELECT COUNT(*) FROM settings WHERE key = 'web.password_hash' AND value != ''") == "1")
        let acme = "\(cli.dataDirectory)/workspaces/acme/facteur.sqlite"
        #expect(try await Self.sqlite(acme, "SELECT COUNT(*) FROM secrets") == "0")
        #expect(try await Self.sqlite(acme, "SELECT COUNT(*) FROM settings WHERE key = 'web.password_hash'") == "0")
        // A workspace secret goes to the workspace
        let (own, _, _) = try cli.start(["secret", "set", "pennylane_token", "--workspace", "acme"], stdin: "pl-token\n")
        await own.waitForExit()
        #expect(own.terminationStatus == 0)
        #expect(try await Self.sqlite(acme, "SELECT name FROM secrets") == "pennylane_token")
    }

    @Test func removeMovesTheFolderWholeRefusesDefaultAndWaitsForTheLock() async throws {
        let cli = try await gateway()
        try await addAcme(cli)
        #expect(try await cli.run(["forward", try cli.makePDF("a.pdf"), "--kind", "supplier", "--workspace", "acme"]).status == 0)
        let refused = try await cli.run(["workspace", "remove", "default"])
        #expect(refused.status == 65 && refused.stderr.contains("cannot be removed"), "\(refused.stderr)")

        // While a process holds the workspace's lock (flock(1) takes the same lock `facteur run` takes)
        let folder = "\(cli.dataDirectory)/workspaces/acme"
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        // `cat` holds it until its standard input closes: no process outlives the check.
        holder.arguments = ["-o", "\(folder)/facteur.lock", "cat"]
        let input = Pipe()
        holder.standardInput = input
        holder.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try holder.run()
        try? await Task.sleep(for: .seconds(0.5))
        let busy = try await cli.run(["workspace", "remove", "acme"])
        try input.fileHandleForWriting.close()
        await holder.waitForExit()
        #expect(busy.status == 75 && busy.stderr.contains("in use"), "\(busy.stderr)")
        #expect(FileManager.default.fileExists(atPath: "\(folder)/facteur.sqlite"))

        let removed = try await cli.run(["workspace", "remove", "acme"])
        #expect(removed.status == 0, "\(removed.stderr)")
        let moved = try #require(try FileManager.default.contentsOfDirectory(atPath: "\(cli.dataDirectory)/removed").first)
        #expect(moved.hasPrefix("acme-") && removed.stdout.contains("\(cli.dataDirectory)/removed/\(moved)"), "\(removed.stdout)")
        for kept in ["workspace.json", "facteur.sqlite"] {
            #expect(FileManager.default.fileExists(atPath: "\(cli.dataDirectory)/removed/\(moved)/\(kept)"))
        }
        #expect(!FileManager.default.fileExists(atPath: folder))
        let listed = try await JSONSerialization.jsonObject(with: Data(try cli.run(["workspace", "list", "--json"]).stdout.utf8)) as? [[String: Any]]
        #expect(listed?.map { $0["id"] as? String } == ["default"])
        let unknown = try await cli.run(["workspace", "remove", "acme"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no workspace acme"), "\(unknown.stderr)")
    }

    static func sqlite(_ database: String, _ sql: String) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [database, sql]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = await out.fileHandleForReading.readToEndOffPool()
        await process.waitForExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
