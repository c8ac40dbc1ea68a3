import FacteurApp
import FacteurCore
import FacteurTesting
import Foundation
import Store
import Testing

/// Each scripted server fault ends in the right outbox state, with the server's reply kept.
@Suite(.serialized, .processHeavy) struct SMTPFaultTests {
    @Test func greeting421IsDeferredWithTheReply() async throws {
        let harness = try await DeliveryHarness(tls: "starttls", serverArguments: ["--greeting-421"])
        let queued = try harness.enqueue()
        try await harness.deliver()
        let message = try harness.message(queued.id)
        #expect(message.state == .deferred)
        #expect(message.lastReply == "421 4.3.2 Service not available, closing channel")
        #expect(message.nextAttemptAt != nil)
    }

    @Test func rcpt451IsDeferredAndRcpt550Fails() async throws {
        let harness = try await DeliveryHarness(tls: "starttls")
        let temporary = try harness.enqueue(to: "rcpt451-x@pennylane.test")
        let permanent = try harness.enqueue(to: "rcpt550-x@pennylane.test")
        let ok = try harness.enqueue()
        let summary = try await harness.deliver()
        #expect(summary.deferred == 1 && summary.failed == 1 && summary.sent == 1)
        #expect(try harness.message(temporary.id).state == .deferred)
        #expect(try harness.message(temporary.id).lastReply == "451 4.3.0 Temporary failure for testing")
        #expect(try harness.message(permanent.id).state == .failed)
        #expect(try harness.message(permanent.id).lastError == "rejected: 550 5.1.1 No such user for testing")
        #expect(try harness.message(ok.id).state == .sent)
    }

    @Test func finalReply451IsDeferredAnd554Fails() async throws {
        let harness = try await DeliveryHarness(tls: "starttls")
        let temporary = try harness.enqueue(to: "data451@pennylane.test")
        let permanent = try harness.enqueue(to: "data554@pennylane.test")
        try await harness.deliver()
        #expect(try harness.message(temporary.id).state == .deferred)
        #expect(try harness.message(temporary.id).lastReply == "451 4.3.0 Try again later for testing")
        #expect(try harness.message(permanent.id).state == .failed)
        #expect(try harness.message(permanent.id).lastReply == "554 5.6.0 Message rejected for testing")
        #expect(harness.server?.events("accepted").isEmpty == true)
    }

    @Test func disconnectMidDataIsTransientNotUnknown() async throws {
        let harness = try await DeliveryHarness(tls: "starttls")
        // Large enough that it cannot all sit in socket buffers when the server resets.
        let queued = try harness.enqueue(to: "dropdata@pennylane.test", size: 6_000_000)
        try await harness.deliver()
        let message = try harness.message(queued.id)
        #expect(message.state == .deferred)
        #expect(message.possibleDuplicate == false)
        #expect(harness.server?.events("dropped").first?["stage"] as? String == "mid-data")
        #expect(harness.server?.events("accepted").isEmpty == true)
    }

    @Test func disconnectAfterTheFinalDotIsUnknownAndTheResendIsFlagged() async throws {
        let harness = try await DeliveryHarness(tls: "starttls")
        let queued = try harness.enqueue(to: "dropdot@pennylane.test")
        let summary = try await harness.deliver()
        #expect(summary.unknown == 1)
        let message = try harness.message(queued.id)
        #expect(message.state == .unknown && message.possibleDuplicate)
        #expect(message.lastError?.hasPrefix("outcome unknown: ") == true)
        // The server did store it: this is why the outcome is unknown, not failed
        #expect(harness.server?.events("accepted").count == 1)
        // When it is due again, it is re-sent with the same Message-ID and logged as a possible duplicate
        try await harness.deliver(now: { Date().addingTimeInterval(3600) })
        let ids = harness.server?.acceptedMessageIDs() ?? []
        #expect(ids.count == 2 && Set(ids) == ["<\(message.messageID)>"])
        let last = try #require(try harness.log().last)
        #expect(last.possibleDuplicate)
    }

    @Test func slowFinalReplyTimesOutAsUnknown() async throws {
        let harness = try await DeliveryHarness(tls: "starttls", serverArguments: ["--slow-seconds", "4"],
                                          settings: ["smtp_timeout": "1"])
        let queued = try harness.enqueue(to: "slowdot@pennylane.test")
        try await harness.deliver()
        let message = try harness.message(queued.id)
        #expect(message.state == .unknown)
        #expect(message.lastError?.contains("curl error 28") == true)
    }

    @Test func slowGreetingTimesOutAsTransient() async throws {
        let harness = try await DeliveryHarness(tls: "starttls", serverArguments: ["--slow-greeting", "4"],
                                          settings: ["smtp_timeout": "1"])
        let queued = try harness.enqueue()
        try await harness.deliver()
        let message = try harness.message(queued.id)
        #expect(message.state == .deferred)
        #expect(message.lastError?.contains("curl error 28") == true)
        #expect(harness.server?.events("accepted").isEmpty == true)
    }

    @Test func unreachableRelayIsDeferred() async throws {
        let harness = try await DeliveryHarness(tls: nil)
        let queued = try harness.enqueue()
        try await harness.deliver()
        #expect(try harness.message(queued.id).state == .deferred)
        #expect(try harness.message(queued.id).lastError?.contains("curl error 7") == true)
    }
}
