import FacteurTesting
import Foundation
import Testing

/// The `facteur` binary on a shared PostgreSQL store (`store_url`): the same commands, the
/// workspace's rows in PostgreSQL rather than in data_dir's SQLite file, and several processes
/// delivering one queue at once.
@Suite(.serialized, .processHeavy) struct PostgresCLITests {
    /// A harness whose gateway keeps its workspaces on `server`, delivering to a Maildir.
    func harness(_ server: PostgresTestServer) async throws -> CLIHarness {
        let cli = try await CLIHarness(tls: nil)
        cli.settings["smtp_url"] = "file://\(cli.directory.path)/mail"
        cli.settings["store_url"] = "postgres://\(server.user)@127.0.0.1:\(server.port)/\(server.database)?sslmode=disable"
        return cli
    }

    /// The files the file transport delivered.
    func delivered(_ cli: CLIHarness) throws -> [String] {
        let new = "\(cli.directory.path)/mail/new"
        return (try? FileManager.default.contentsOfDirectory(atPath: new)) ?? []
    }

    @Test(.timeLimit(.minutes(3)))
    func forwardDeliverAndAuditWorkOnPostgreSQLAndTheSQLiteFileHoldsNoneOfIt() async throws {
        try await withPostgresTestServer { server in
            let cli = try await harness(server)
            for name in ["a.pdf", "b.pdf"] {
                let forward = try await cli.run(["forward", try cli.makePDF(name), "--kind", "supplier"])
                #expect(forward.status == 0, "\(forward.stderr)")
            }
            let deliver = try await cli.run(["deliver"])
            #expect(deliver.status == 0, "\(deliver.stderr)")
            #expect(try delivered(cli).count == 2)
            let verify = try await cli.run(["audit", "--verify"])
            #expect(verify.status == 0)
            #expect(verify.stdout.contains("intact"), "\(verify.stdout)")
            let outbox = try await cli.run(["outbox", "--json"])
            let rows = try JSONSerialization.jsonObject(with: Data(outbox.stdout.utf8)) as? [[String: Any]] ?? []
            #expect(rows.map { $0["state"] as? String } == ["sent", "sent"])
            // data_dir's own database keeps only the gateway's state: no message, no log row.
            #expect(try await cli.sqlite("SELECT count(*) FROM outbox") == "0")
            #expect(try await cli.sqlite("SELECT count(*) FROM mail_log") == "0")
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func threeDeliverProcessesAtOnceSendEveryMessageExactlyOnce() async throws {
        try await withPostgresTestServer { server in
            let cli = try await harness(server)
            for number in 1...24 {
                #expect(try await cli.run(["forward", try cli.makePDF("invoice-\(number).pdf"), "--kind", "supplier"]).status == 0)
            }
            // On SQLite the second process would be refused (the data directory's lock); here the
            // three share the queue through leases.
            async let first = cli.run(["deliver"])
            async let second = cli.run(["deliver"])
            async let third = cli.run(["deliver"])
            let results = try await [first, second, third]
            for result in results { #expect(result.status == 0, "\(result.stderr)") }
            #expect(try delivered(cli).count == 24)
            let audit = try await cli.run(["audit", "--format", "json"])
            let entries = try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [[String: Any]] ?? []
            let sent = entries.filter { $0["event"] as? String == "attempt" && $0["outcome"] as? String == "sent" }
            #expect(sent.count == 24)
            #expect(Set(sent.compactMap { $0["message_id"] as? String }).count == 24)
            #expect(try await cli.run(["audit", "--verify"]).status == 0)
        }
    }
}
