import FacteurTesting
import FacteurApp
import FacteurCore
import Foundation
import Store
import Testing

/// `smtp_connections` > 1: several connections drain one outbox without sending anything twice,
/// without letting an invoice's update overtake its first version, and stop together on an auth failure.
@Suite(.processHeavy) struct ParallelDeliveryTests {
    /// The server greets each connection after 0.3 s, so both connections are surely open at once.
    static let slowGreeting = ["--slow-greeting", "0.3"]

    @Test func twoConnectionsShareABatchAndEachMessageGoesOnce() async throws {
        let harness = try await DeliveryHarness(tls: "starttls", serverArguments: Self.slowGreeting)
        let queued = try (0..<6).map { _ in try harness.enqueue() }
        let summary = try await harness.deliver(connections: 2)
        #expect(summary.sent == 6 && summary.attempted == 6)
        #expect(harness.server?.events("connect").count == 2)
        let accepted = harness.server?.acceptedMessageIDs() ?? []
        #expect(accepted.sorted() == queued.map { "<\($0.messageID)>" }.sorted())
        #expect(try queued.allSatisfy { try harness.message($0.id).state == .sent })
        // One attempt row per message in the mail log, none marked as a possible duplicate
        let attempts = try harness.log().filter { $0.event == "attempt" }
        #expect(attempts.count == 6 && Set(attempts.compactMap(\.outboxID)).count == 6)
        #expect(!attempts.contains { $0.possibleDuplicate })
    }

    @Test func anUpdateNeverOvertakesTheMessageItReplaces() async throws {
        let harness = try await DeliveryHarness(tls: "starttls", serverArguments: Self.slowGreeting)
        // The first version is large and the update small: sent side by side, the update would land first.
        let original = try harness.enqueue(size: 3_000_000, reference: "INV-2026-7")
        let update = try harness.enqueue(size: 2_000, reference: "INV-2026-7")
        let other = try harness.enqueue()
        #expect(update.supersedesID == original.id)
        let summary = try await harness.deliver(connections: 2)
        #expect(summary.sent == 3)
        let accepted = harness.server?.acceptedMessageIDs() ?? []
        let first = try #require(accepted.firstIndex(of: "<\(original.messageID)>"))
        let second = try #require(accepted.firstIndex(of: "<\(update.messageID)>"))
        #expect(first < second)
        #expect(accepted.contains("<\(other.messageID)>"))
    }

    @Test func anAuthFailureOnAnyConnectionStopsThemAll() async throws {
        let harness = try await DeliveryHarness(tls: "starttls", serverArguments: ["--auth", "facteur:s3cret"] + Self.slowGreeting,
                                          settings: ["smtp_username": "facteur", "smtp_password": "wrong"])
        let queued = try (0..<6).map { _ in try harness.enqueue() }
        let summary = try await harness.deliver(connections: 2)
        #expect(summary.stoppedBecause?.hasPrefix("authentication failed: 535 5.7.8") == true)
        #expect((1...2).contains(summary.attempted))
        #expect(summary.attempted + summary.notAttempted == 6)
        #expect(harness.server?.events("accepted").isEmpty == true)
        let states = try queued.map { try harness.message($0.id).state }
        #expect(states.filter { $0 == .deferred }.count == summary.attempted)
        #expect(states.filter { $0 == .queued }.count == 6 - summary.attempted)
    }
}
