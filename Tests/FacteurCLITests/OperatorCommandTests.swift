import FacteurTesting
import Foundation
import Glibc
import Testing

/// What an operator does from the command line after something went wrong (issue 12, items 11,
/// 12, 15 and 16): correct the inbox then resend, forward a file, backfill, read what was sent.
@Suite(.processHeavy) struct OperatorCommandTests {
    func json(_ text: String) throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] ?? []
    }

    @Test func resendAfterCorrectingTheInboxSendsToTheCorrectedAddress() async throws {
        let cli = try await CLIHarness()
        cli.settings["pennylane_supplier_inbox"] = "rcpt550@pennylane.test"
        #expect(try await cli.run(["forward", try cli.makePDF("a.pdf"), "--kind", "supplier"]).status == 0)
        #expect(try await cli.run(["deliver"]).status == 1)
        // The README: fix the address, then resend
        cli.settings["pennylane_supplier_inbox"] = "achats@pennylane.test"
        let resent = try await cli.run(["resend", "1"])
        #expect(resent.status == 0, "\(resent.stderr)")
        #expect(resent.stdout.contains("achats@pennylane.test"))
        let delivered = try await cli.run(["deliver"])
        #expect(delivered.status == 0, "\(delivered.stdout)\(delivered.stderr)")
        let accepted = try #require(cli.server).events("accepted")
        #expect(accepted.count == 1)
        #expect(accepted.first?["rcpt_tos"] as? [String] == ["achats@pennylane.test"])
    }

    @Test func resendDoesNotSuggestDeliverWhileTheServiceHoldsTheLock() async throws {
        let cli = try await CLIHarness()
        cli.settings["pennylane_supplier_inbox"] = "rcpt550@pennylane.test"
        _ = try await cli.run(["forward", try cli.makePDF("a.pdf"), "--kind", "supplier"])
        #expect(try await cli.run(["deliver"]).status == 1)
        // Given `facteur run` holding the data directory's lock (flock(1) takes the same flock)
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = ["\(cli.dataDirectory)/facteur.lock", "sleep", "30"]
        try holder.run()
        defer { holder.terminateInBackground() }
        try? await Task.sleep(for: .seconds(0.5))
        let resent = try await cli.run(["resend", "1"])
        #expect(resent.status == 0, "\(resent.stderr)")
        #expect(!resent.stdout.contains("facteur deliver"))
        #expect(resent.stdout.contains("within a minute"))
    }

    @Test func resendOfAHeldRecordReleasesItInsteadOfSayingThereIsNoMessage() async throws {
        let cli = try await CLIHarness(tls: nil)
        let sandbox = try await SandboxProcess(arguments: ["--invoices-per-year", "20", "--years", "3"], directory: cli.directory.path)
        defer { sandbox.stop() }
        cli.use(sandbox, .apiKey)
        cli.settings["smtp_url"] = "file://\(cli.directory.path)/mail"
        cli.settings["backfill_since"] = "2000-01-01"
        #expect(try await cli.run(["sync"]).status == 0)
        // Given a record held without an outbox message (it could not become a mail)
        let held = try await cli.sqlite("""
            SELECT record_id FROM qonto_records AS r WHERE disposition = 'held'
            AND NOT EXISTS (SELECT 1 FROM outbox WHERE outbox.record_id = r.record_id) LIMIT 1
            """)
        try #require(!held.isEmpty)
        // When the operator resends it by its Qonto ID
        let result = try await cli.run(["resend", "--qonto-id", held])
        // Then it is released like the status page's Retry: fetched and examined again at the next sync
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("no outbox message"))
        #expect(result.stdout.contains("facteur sync"), "\(result.stdout)")
        #expect(try await cli.sqlite("SELECT COUNT(*) FROM qonto_records WHERE record_id = '\(held)' AND retry_requested_at IS NOT NULL") != "0")
    }

    @Test func forwardRefusesWhatIsNotARegularFileAtOnce() async throws {
        let cli = try await CLIHarness(tls: nil)
        for path in ["/dev/zero", cli.directory.path] {
            let (process, _, err) = try cli.start(["forward", path, "--kind", "supplier"])
            // (watched from a thread of its own, so the 20 s are the process's, not a busy pool's)
            let watched = UncheckedBox(process)
            let endedInTime = await offPool("forward-watch") {
                let deadline = Date().addingTimeInterval(20)
                while watched.value.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
                return !watched.value.isRunning
            }
            if !endedInTime { kill(process.processIdentifier, SIGKILL) }
            await process.waitForExit()
            #expect(endedInTime, "facteur forward \(path) did not end within 20 s")
            let stderr = String(decoding: await err.fileHandleForReading.readToEndOffPool(), as: UTF8.self)
            #expect(process.terminationStatus == 65, "\(path): \(stderr)")
            #expect(stderr.hasPrefix("facteur: refused \(path): ") && stderr.split(separator: "\n").count == 1, "\(stderr)")
        }
        #expect(try await cli.run(["outbox"]).stdout.contains("the outbox is empty"))
    }

    @Test func forwardRefusesAFileOverTheConfiguredSizeLimit() async throws {
        let cli = try await CLIHarness(tls: nil)
        cli.settings["max_attachment_size"] = "2000"
        let result = try await cli.run(["forward", try cli.makePDF("big.pdf"), "--kind", "supplier"])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("max_attachment_size") && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(try await cli.run(["outbox"]).stdout.contains("the outbox is empty"))
    }

    @Test func aManualForwardIsLabelledAsOneNotAsAQontoRecord() async throws {
        let cli = try await CLIHarness(tls: nil)
        #expect(try await cli.run(["forward", try cli.makePDF("a.pdf"), "--kind", "supplier", "--ref", "ref-2026-001"]).status == 0)
        #expect(try await cli.run(["forward", try cli.makePDF("b.pdf"), "--kind", "customer"]).status == 0)
        for row in try await json(try cli.run(["outbox", "--json"]).stdout) {
            let subject = row["subject"] as? String ?? ""
            let messageID = row["message_id"] as? String ?? ""
            #expect(!subject.contains("Qonto"), "\(subject)")
            #expect(!messageID.hasPrefix("qonto."), "\(messageID)")
            let spool = try String(contentsOfFile: "\(cli.dataDirectory)/\(row["spool_file"] as? String ?? "")", encoding: .utf8)
            #expect(!spool.contains("rence Qonto"))
        }
        let subjects = try await json(try cli.run(["outbox", "--json"]).stdout).compactMap { $0["subject"] as? String }
        #expect(subjects.contains { $0.contains("ref-2026-001") })
    }

    @Test func aBackfillOlderThanThreeYearsSaysItWasClampedInJSON() async throws {
        let cli = try await CLIHarness(tls: nil)
        let sandbox = try await SandboxProcess(arguments: ["--invoices-per-year", "4", "--years", "1"], directory: cli.directory.path)
        defer { sandbox.stop() }
        cli.use(sandbox, .apiKey)
        cli.settings["smtp_url"] = "file://\(cli.directory.path)/mail"
        let result = try await cli.run(["sync", "--since", "2015-01-01", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let clamp = try #require(summary["sinceClamped"] as? [String: Any], "\(result.stdout)")
        #expect(clamp["requested"] as? String == "2015-01-01")
        let used = try #require(clamp["used"] as? String)
        let calendar = Calendar(identifier: .gregorian)
        #expect(used.hasPrefix(String(calendar.component(.year, from: Date()) - 3)))
    }
}
