import FacteurTesting
import Foundation
import Glibc
import Testing

/// `facteur store copy --to postgres://…`: a gateway that served from SQLite moves to PostgreSQL
/// with nothing lost — the same messages in the same states, the same mail log whose chain goes on.
@Suite(.serialized, .processHeavy) struct StoreCopyCLITests {
    /// The head `facteur audit --verify` printed, as SEQ:SHA256.
    func head(_ output: String) -> String? {
        output.split(separator: "\n").first { $0.hasPrefix("head: row ") }.map { line in
            let parts = line.split(separator: " ")
            return "\(parts[2]):\(parts[4])"
        }
    }

    /// `outbox --json`'s messages as (message ID, state), in order.
    func messages(_ cli: CLIHarness) async throws -> [String] {
        let outbox = try await cli.run(["outbox", "--json"])
        let rows = try JSONSerialization.jsonObject(with: Data(outbox.stdout.utf8)) as? [[String: Any]] ?? []
        return rows.map { "\($0["message_id"] ?? "?") \($0["state"] ?? "?")" }
    }

    @Test(.timeLimit(.minutes(4)))
    func aSQLiteGatewayCopiedToPostgreSQLServesOnWithTheSameMessagesAndChain() async throws {
        try await withPostgresTestServer { server in
            let cli = try await CLIHarness(tls: nil)
            cli.settings["smtp_url"] = "file://\(cli.directory.path)/mail"
            for name in ["a.pdf", "b.pdf", "c.pdf"] {
                let forward = try await cli.run(["forward", try cli.makePDF(name), "--kind", "supplier"])
                #expect(forward.status == 0, "\(forward.stderr)")
            }
            #expect(try await cli.run(["deliver"]).status == 0)
            let sqliteAudit = try await cli.run(["audit", "--verify"])
            let sqliteHead = try #require(head(sqliteAudit.stdout), "\(sqliteAudit.stdout)")
            let sqliteMessages = try await messages(cli)
            #expect(sqliteMessages.count == 3)

            // Bad input is refused before anything is read: a password in the URL names --to.
            let bad = try await cli.run(["store", "copy", "--to", "postgres://facteur:secret@127.0.0.1:\(server.port)/facteur"])
            #expect(bad.status == 78 && bad.stderr.contains("--to: holds a password"), "\(bad.stderr)")
            #expect(!bad.stderr.contains("secret"))

            let url = "postgres://\(server.user)@127.0.0.1:\(server.port)/\(server.database)?sslmode=disable"
            let copy = try await cli.run(["store", "copy", "--to", url])
            #expect(copy.status == 0, "\(copy.stdout)\(copy.stderr)")
            let seq = sqliteHead.split(separator: ":")[0]
            #expect(copy.stdout.contains("copied 3 messages"), "\(copy.stdout)")
            #expect(copy.stdout.contains("chain verified to head seq \(seq)"), "\(copy.stdout)")
            #expect(copy.stdout.contains("\"store_url\": \"\(url)\""), "\(copy.stdout)")

            cli.settings["store_url"] = url
            let verify = try await cli.run(["audit", "--verify", "--expect-head", sqliteHead])
            #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
            #expect(head(verify.stdout) == sqliteHead)
            #expect(try await messages(cli) == sqliteMessages)

            // The chain goes on from the copied head, with the copied ids behind the new ones.
            #expect(try await cli.run(["forward", try cli.makePDF("d.pdf"), "--kind", "supplier"]).status == 0)
            #expect(try await cli.run(["deliver"]).status == 0)
            let after = try await cli.run(["audit", "--verify", "--expect-head", sqliteHead])
            #expect(after.status == 0, "\(after.stdout)\(after.stderr)")
            #expect(Int(head(after.stdout)?.split(separator: ":")[0] ?? "") ?? 0 > Int(seq) ?? .max)
            #expect(try await messages(cli).filter { $0.hasSuffix(" sent") }.count == 4)

            // A second copy (from the still-present SQLite files) is refused: the workspace is there.
            cli.settings["store_url"] = nil
            let again = try await cli.run(["store", "copy", "--to", url])
            #expect(again.status != 0)
            #expect(again.stdout.contains("already has rows"), "\(again.stdout)\(again.stderr)")
        }
    }

    /// Runs a command with text on its standard input.
    func run(_ cli: CLIHarness, _ arguments: [String], input: String) async throws -> Int32 {
        let (process, out, err) = try cli.start(arguments, stdin: input)
        return await process.finish(stdout: out, stderr: err).status
    }

    /// One value per line of a query on the test server (psql).
    func psql(_ server: PostgresTestServer, _ sql: String) async throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try PostgresTools().path("psql"))
        process.arguments = ["-h", server.host, "-p", "\(server.port)", "-U", server.user, "-d", server.database, "-tAc", sql]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let finished = await process.finish(stdout: out)
        return finished.stdoutText.split(separator: "\n").map(String.init)
    }

    @Test(.timeLimit(.minutes(4)))
    func everyWorkspaceIsCopiedAndTheGatewaysOwnRowsStayInDataDir() async throws {
        try await withPostgresTestServer { server in
            let cli = try await CLIHarness(tls: nil)
            cli.settings["smtp_url"] = "file://\(cli.directory.path)/mail"
            let keys = "\(cli.directory.path)/acme.json"
            try JSONSerialization.data(withJSONObject: WorkspaceCommandTests.acmeKeys).write(to: URL(fileURLWithPath: keys))
            chmod(keys, 0o600)
            #expect(try await cli.run(["workspace", "add", "acme", "--from", keys]).status == 0)
            #expect(try await cli.run(["forward", try cli.makePDF("a.pdf"), "--kind", "supplier", "--workspace", "default"]).status == 0)
            #expect(try await cli.run(["forward", try cli.makePDF("b.pdf"), "--kind", "supplier", "--workspace", "acme"]).status == 0)
            #expect(try await run(cli, ["secret", "set", "smtp_password"], input: "relay-password\n") == 0)
            #expect(try await run(cli, ["web-password"], input: "a long web password\n") == 0)
            #expect(try await run(cli, ["secret", "set", "pennylane_token", "--workspace", "acme"], input: "token-value\n") == 0)

            let url = "postgres://\(server.user)@127.0.0.1:\(server.port)/\(server.database)?sslmode=disable"
            let copy = try await cli.run(["store", "copy", "--to", url])
            #expect(copy.status == 0, "\(copy.stdout)\(copy.stderr)")
            #expect(copy.stdout.contains("workspace default: copied 1 messages"), "\(copy.stdout)")
            #expect(copy.stdout.contains("workspace acme: copied 1 messages"), "\(copy.stdout)")
            // The relay's password and the web password stay in data_dir's file; the company's secret moved.
            #expect(try await psql(server, "SELECT workspace || ':' || name FROM secrets ORDER BY 1") == ["acme:pennylane_token"])
            #expect(try await psql(server, "SELECT count(*) FROM settings WHERE key = 'web.password_hash'") == ["0"])
            #expect(try await cli.sqlite("SELECT count(*) FROM secrets WHERE name = 'smtp_password'") == "1")

            cli.settings["store_url"] = url
            #expect(try await cli.run(["audit", "--verify", "--workspace", "acme"]).status == 0)
            #expect(try await cli.run(["secret", "list", "--workspace", "acme"]).stdout.contains("pennylane_token"))
            #expect(try await cli.run(["deliver", "--workspace", "acme"]).status == 0)
        }
    }
}
