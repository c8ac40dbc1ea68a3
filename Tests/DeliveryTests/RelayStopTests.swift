import FacteurApp
import FacteurCore
import FacteurTesting
import Foundation
import Store
import Testing

/// A stop (the relay refuses our credentials or TLS, or demands an authentication we were not
/// configured for) is the relay's fault, not the message's: it fails nothing, uses up no attempt
/// and no lifetime, and once fixed, what it held back is sent at once. Issue 12, items 9 and 10.
@Suite(.processHeavy) struct RelayStopTests {
    @Test func aWrongPasswordNeverFailsAMessageHoweverShortItsLifetime() async throws {
        // A one-second lifetime and the default 5-minute backoff: each pass after the first finds
        // the message past its lifetime
        let harness = try await DeliveryHarness(tls: "starttls", serverArguments: ["--auth", "facteur:s3cret"],
                                          settings: ["smtp_username": "facteur", "smtp_password": "wrong", "retry_lifetime": "1"])
        let queued = try harness.enqueue()
        var clock = Date().addingTimeInterval(5)
        for _ in 0..<3 {
            let now = clock
            let summary = try await harness.deliver(connections: 1, now: { now })
            #expect(summary.stoppedBecause?.hasPrefix("authentication failed: 535") == true)
            clock = clock.addingTimeInterval(3_600)
        }
        let waiting = try harness.message(queued.id)
        #expect(waiting.state == .deferred, "\(waiting.lastError ?? "")")
        #expect(waiting.attempts == 0)

        // When the password is fixed, the message is due at once (no backoff to wait out) and sent
        harness.settings["smtp_password"] = "s3cret"
        let now = clock
        let summary = try await harness.deliver(connections: 1, now: { now })
        #expect(summary.sent == 1)
        #expect(try harness.message(queued.id).state == .sent)
        #expect(try harness.message(queued.id).attempts == 1)
    }

    @Test func aRelayDemandingAuthenticationWithNoUserConfiguredStopsAndFailsNothing() async throws {
        // Given a relay that requires AUTH and a configuration with no smtp_username: the relay
        // answers MAIL with 530 5.7.0 Authentication required
        let harness = try await DeliveryHarness(tls: "starttls", serverArguments: ["--auth", "facteur:s3cret"])
        let first = try harness.enqueue()
        let second = try harness.enqueue()
        let summary = try await harness.deliver(connections: 1)
        // Then it is a configuration stop, like a 535: the batch stops, nothing fails
        #expect(summary.stopKind == .authFailure)
        #expect(summary.stoppedBecause?.contains("530 5.7.0") == true)
        #expect(summary.failed == 0 && summary.notAttempted == 1)
        let states = [try harness.message(first.id).state, try harness.message(second.id).state]
        #expect(!states.contains(.failed))
        #expect(harness.server?.events("accepted").isEmpty == true)
    }
}

/// A stop pauses the whole outbox, not only the message that ran into it: the messages it kept
/// from being tried must not age through it either. Code review, fix 1.
@Suite(.processHeavy) struct RelayStopLifetimeTests {
    @Test func aStopOfSixDaysChargesNoLifetimeToTheMessagesItKeptWaiting() async throws {
        // Given a 5-day lifetime and a relay that refuses our password from the first pass on
        let harness = try await DeliveryHarness(tls: "starttls", serverArguments: ["--auth", "facteur:s3cret"],
                                          settings: ["smtp_username": "facteur", "smtp_password": "wrong",
                                                     "retry_lifetime": "432000"])
        let first = try harness.enqueue()
        // a second message whose first reply, once the relay lets us in, is a transient 451
        let second = try harness.enqueue(to: "rcpt451-later@pennylane.test")
        let start = Date().addingTimeInterval(5)
        let stopped = try await harness.deliver(connections: 1, now: { start })
        #expect(stopped.stopKind == .authFailure)
        #expect(stopped.notAttempted == 1)

        // When the password is fixed 6 days later
        harness.settings["smtp_password"] = "s3cret"
        let resumed = start.addingTimeInterval(6 * 86_400)
        let summary = try await harness.deliver(connections: 1, now: { resumed })

        // Then the first is sent and the second, which never had a chance during the stop, is
        // deferred by its backoff, not failed for a lifetime the stop used up
        #expect(summary.sent == 1)
        let waiting = try harness.message(second.id)
        #expect(waiting.state == .deferred, "\(waiting.lastError ?? "")")
        #expect(waiting.nextAttemptAt != nil)
        #expect(try harness.message(first.id).state == .sent)
    }
}
