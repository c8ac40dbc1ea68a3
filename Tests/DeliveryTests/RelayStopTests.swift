import FacteurApp
import FacteurCore
import FacteurTesting
import Foundation
import Store
import Testing

/// A stop (the relay refuses our credentials or TLS) is the relay's fault, not the message's: it
/// fails nothing, uses up no attempt and no lifetime, and once fixed, what it held back is sent at
/// once. Issue 12, item 9.
@Suite struct RelayStopTests {
    @Test func aWrongPasswordNeverFailsAMessageHoweverShortItsLifetime() async throws {
        // A one-second lifetime and the default 5-minute backoff: each pass after the first finds
        // the message past its lifetime
        let harness = try DeliveryHarness(tls: "starttls", serverArguments: ["--auth", "facteur:s3cret"],
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
}
