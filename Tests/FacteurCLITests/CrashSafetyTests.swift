import FacteurTesting
import Foundation
import Testing

/// SIGKILL during a batch delivery: on restart no message is lost, and none is delivered twice
/// except those the mail log records as possible duplicates.
@Suite(.serialized, .processHeavy) struct CrashSafetyTests {
    @Test(arguments: [1, 2])
    func killDuringABatchLosesNothingAndFlagsEveryDuplicate(connections: Int) async throws {
        // Given 12 queued messages, delivered over `connections` connections, and a server that
        // waits 0.4 s before each final 250
        let cli = try await CLIHarness(tls: "starttls", serverArguments: ["--slow-seconds", "0.4"])
        cli.settings["pennylane_supplier_inbox"] = "slowdot@pennylane.test"
        cli.settings["smtp_connections"] = "\(connections)"
        for index in 0..<12 { #expect(try await cli.run(["forward", try cli.makePDF("inv-\(index).pdf"), "--kind", "supplier"]).status == 0) }
        let server = try #require(cli.server)

        // When facteur deliver is killed while the server holds a message it has not answered yet
        let (process, _, _) = try cli.start(["deliver"])
        // (timed to land within the server's 0.4 s: polled and killed on a thread of its own, as a
        // pool task resumed after a sleep may come late when the machine is busy)
        let pid = process.processIdentifier
        await offPool("crash-safety-kill") {
            let deadline = Date().addingTimeInterval(30)
            while server.events("accepted").count < 4, Date() < deadline { usleep(20_000) }
            usleep(100_000)
            kill(pid, SIGKILL)
        }
        await process.waitForExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let beforeRestart = server.acceptedMessageIDs().count
        #expect(beforeRestart >= 4 && beforeRestart < 12)

        // And facteur deliver runs again until nothing is due (recovered unknowns are due at once)
        let second = try await cli.run(["deliver"])
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(second.stdout.contains("recovered from an interrupted run"))

        // Then every message is sent
        let outbox = try await JSONSerialization.jsonObject(with: Data(try cli.run(["outbox", "--json"]).stdout.utf8)) as? [[String: Any]] ?? []
        #expect(outbox.count == 12)
        #expect(outbox.allSatisfy { $0["state"] as? String == "sent" })

        // And each was received at least once; any received twice is a flagged possible duplicate
        let received = Dictionary(grouping: server.acceptedMessageIDs(), by: { $0 }).mapValues(\.count)
        let flagged = Set(outbox.filter { $0["possible_duplicate"] as? Bool == true }.compactMap { $0["message_id"] as? String })
        for message in outbox {
            let id = try #require(message["message_id"] as? String)
            let count = received["<\(id)>"] ?? 0
            #expect(count >= 1, "message \(id) was lost")
            if count > 1 { #expect(flagged.contains(id), "message \(id) was sent \(count) times without being flagged") }
        }
        // The kill landed while each connection had a message with the server: only those (at
        // least one, at most one per connection) are duplicates
        let duplicates = received.values.filter { $0 > 1 }.count
        #expect(duplicates >= 1 && duplicates <= connections)
        let log = try await JSONSerialization.jsonObject(with: Data(try cli.run(["audit", "--format", "json"]).stdout.utf8)) as? [[String: Any]] ?? []
        #expect(log.contains { $0["event"] as? String == "recovered" && $0["outcome"] as? String == "unknown" })
        #expect(log.contains { $0["event"] as? String == "attempt" && $0["possible_duplicate"] as? Bool == true })
        #expect(try await cli.run(["audit", "--verify"]).status == 0)
    }
}
