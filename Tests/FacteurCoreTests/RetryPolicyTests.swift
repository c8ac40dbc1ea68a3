import FacteurCore
import Foundation
import Testing

@Suite struct RetryPolicyTests {
    let start = Date(timeIntervalSince1970: 1_790_000_000)
    let policy = RetryPolicy()

    @Test func defaultsArePostfixs() {
        #expect(policy.minimalBackoff == 300)
        #expect(policy.maximalBackoff == 4000)
        #expect(policy.lifetime == 5 * 86_400)
    }

    @Test func ceilingDoublesFromTwiceTheFloorAndCapsAtTheMaximum() {
        let ceilings = (1...7).map { policy.ceiling(afterAttempts: $0) }
        #expect(ceilings == [600, 1200, 2400, 4000, 4000, 4000, 4000])
    }

    @Test func delayIsSpreadBetweenTheFloorAndTheCeilingByJitter() {
        #expect(policy.delay(afterAttempts: 1, jitter: 0) == 300)
        #expect(policy.delay(afterAttempts: 1, jitter: 0.5) == 450)
        #expect(policy.delay(afterAttempts: 4, jitter: 0.999_999) > 3999)
        for attempt in 1...20 {
            for jitter in stride(from: 0.0, to: 1.0, by: 0.1) {
                let delay = policy.delay(afterAttempts: attempt, jitter: jitter)
                #expect(delay >= 300 && delay <= 4000)
            }
        }
    }

    @Test func outOfRangeJitterIsClamped() {
        #expect(policy.delay(afterAttempts: 2, jitter: -3) == 300)
        #expect(policy.delay(afterAttempts: 2, jitter: 7) == 1200)
    }

    @Test func transientFailureIsRetriedAfterTheJitteredDelay() {
        let now = start.addingTimeInterval(60)
        #expect(policy.decide(attempts: 1, firstQueuedAt: start, now: now, jitter: 0) == .retry(at: now.addingTimeInterval(300)))
        #expect(policy.decide(attempts: 3, firstQueuedAt: start, now: now, jitter: 1) == .retry(at: now.addingTimeInterval(2400)))
    }

    @Test func lastRetryIsMovedToTheEndOfTheLifetime() {
        // Given a failure 100 s before the lifetime ends
        let now = start.addingTimeInterval(policy.lifetime - 100)
        // Then the retry happens at the deadline, not after it
        #expect(policy.decide(attempts: 9, firstQueuedAt: start, now: now, jitter: 0.5) == .retry(at: start.addingTimeInterval(policy.lifetime)))
    }

    @Test func failureAtOrAfterTheLifetimeGivesUpWithAReason() {
        let decision = policy.decide(attempts: 40, firstQueuedAt: start, now: start.addingTimeInterval(policy.lifetime), jitter: 0)
        guard case .giveUp(let reason) = decision else {
            Issue.record("expected giveUp, got \(decision)")
            return
        }
        #expect(reason == "gave up after 40 attempts: lifetime of 5 days exceeded")
    }

    @Test func zeroLifetimeMeansTryOnce() {
        let zero = RetryPolicy(lifetime: 0)
        #expect(zero.decide(attempts: 1, firstQueuedAt: start, now: start, jitter: 0) != .retry(at: start))
    }

    @Test func maximumBelowMinimumIsRaisedToTheMinimum() {
        let odd = RetryPolicy(minimalBackoff: 600, maximalBackoff: 60)
        #expect(odd.delay(afterAttempts: 5, jitter: 1) == 600)
    }
}
