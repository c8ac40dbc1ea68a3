import FacteurTesting
import Foundation
import Testing

/// SIGKILL during `facteur sync` (mid-window and mid-backfill): after a restart every forwardable
/// invoice is queued exactly once, and the marker never skips a record.
@Suite(.serialized, .processHeavy) struct SyncCrashTests {
    func configure(_ cli: CLIHarness, sandbox: SandboxProcess) {
        cli.settings["smtp_url"] = "file://\(cli.directory.path)/mail"
        cli.use(sandbox, .apiKey)
    }

    /// The record IDs queued in a data directory, with their counts.
    func queued(_ cli: CLIHarness) async throws -> [String: Int] {
        let rows = try await JSONSerialization.jsonObject(with: Data(try cli.run(["outbox", "--json"]).stdout.utf8)) as? [[String: Any]] ?? []
        return Dictionary(grouping: rows.compactMap { $0["record_id"] as? String }, by: { $0 }).mapValues(\.count)
    }

    /// How many messages the running sync has composed into the spool (before its window commits).
    func spooled(_ cli: CLIHarness) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "\(cli.dataDirectory)/spool").filter { $0.hasSuffix(".eml") }.count) ?? 0
    }

    /// Starts `facteur sync ARGS`, waits until `ready` says so, kills it with SIGKILL.
    /// (The kill is sent by the reading thread the moment `ready` holds, not after the test's task
    /// is resumed on a busy pool.)
    func killSync(_ cli: CLIHarness, arguments: [String], when ready: @escaping @Sendable (String) -> Bool) async throws {
        let (process, out, _) = try cli.start(["sync"] + arguments)
        let runningWhenKilled = OutputCollector()
        _ = await CLIHarness.read(out, of: process, seconds: 120, until: ready) { process in
            runningWhenKilled.append(process.isRunning ? "running" : "exited")
            kill(process.processIdentifier, SIGKILL)
        }
        #expect(runningWhenKilled.text == "running", "the sync finished before it could be killed: the test would prove nothing")
        await process.waitForExit()
    }

    @Test func killsMidWindowAndMidBackfillLoseAndDuplicateNothing() async throws {
        let cli = try await CLIHarness(tls: nil)
        let sandbox = try await SandboxProcess(arguments: ["--invoices-per-year", "300", "--years", "3"], directory: cli.directory.path)
        defer { sandbox.stop() }
        configure(cli, sandbox: sandbox)

        // Reference: a clean backfill into another data directory against the same sandbox
        let reference = try await CLIHarness(tls: nil)
        configure(reference, sandbox: sandbox)
        #expect(try await reference.run(["sync", "--since", "2000-01-01"]).status == 0)
        let expected = try await queued(reference)
        #expect(expected.count > 500 && expected.values.allSatisfy { $0 == 1 })

        // When a backfill is killed inside its first window (a few files downloaded, nothing committed) …
        try await killSync(cli, arguments: ["--since", "2000-01-01"], when: { _ in self.spooled(cli) >= 5 })
        #expect(try await queued(cli).isEmpty)
        // … and again after a few committed windows
        try await killSync(cli, arguments: ["--since", "2000-01-01"], when: { $0.split(separator: "\n").count >= 4 })
        let partial = try await queued(cli)
        #expect(!partial.isEmpty && partial.count < expected.count)
        // And sync resumes from the marker
        let resumed = try await cli.run(["sync"])
        #expect(resumed.status == 0, "\(resumed.stderr)")

        // Then exactly the reference set is queued, each record once
        let got = try await queued(cli)
        #expect(got == expected)
        // And re-reading everything queues nothing more
        let again = try await cli.run(["sync", "--since", "2000-01-01", "--json"])
        let summary = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any]
        #expect(summary?["forwarded"] as? Int == 0 && summary?["updated"] as? Int == 0)
    }
}
