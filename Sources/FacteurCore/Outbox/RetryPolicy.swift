public import FoundationEssentials

/// When to try a message again after a transient failure, and when to give up.
///
/// Modelled on Postfix (`minimal_backoff_time` 300 s, `maximal_backoff_time` 4000 s,
/// `maximal_queue_lifetime` 5 days) with full jitter above the floor, so that messages that failed
/// together (a relay outage) do not come back in lockstep. The policy is a pure function: the caller
/// passes the current time and a jitter value in `0..<1`.
///
/// ```swift
/// let policy = RetryPolicy()
/// switch policy.decide(attempts: 3, firstQueuedAt: queuedAt, now: now, jitter: .random(in: 0..<1)) {
/// case .retry(let at): reschedule(at)
/// case .giveUp(let reason): fail(reason)
/// }
/// ```
public struct RetryPolicy: Sendable, Hashable {
    /// The shortest wait between two attempts, in seconds (config `retry_min_backoff`, default 300).
    public var minimalBackoff: Double
    /// The longest wait between two attempts, in seconds (config `retry_max_backoff`, default 4000).
    public var maximalBackoff: Double
    /// How long a message may keep failing transiently before it becomes `failed`, in seconds
    /// (config `retry_lifetime`, default 432 000 = 5 days).
    public var lifetime: Double

    /// Creates a policy; the defaults are Postfix's.
    public init(minimalBackoff: Double = 300, maximalBackoff: Double = 4000, lifetime: Double = 432_000) {
        self.minimalBackoff = minimalBackoff
        self.maximalBackoff = max(maximalBackoff, minimalBackoff)
        self.lifetime = lifetime
    }

    /// The outcome of ``decide(attempts:firstQueuedAt:now:jitter:)``.
    public enum Decision: Sendable, Hashable {
        /// Try again at this time.
        case retry(at: Date)
        /// Stop trying; the reason says why.
        case giveUp(reason: String)
    }

    /// The ceiling of the wait after the given number of failed attempts: doubling from twice the
    /// floor, capped at ``maximalBackoff``.
    /// - Parameter attempts: Attempts made so far (1 after the first failure).
    /// - Returns: The ceiling in seconds.
    public func ceiling(afterAttempts attempts: Int) -> Double {
        let doublings = Double(min(max(attempts, 1), 30))
        return min(maximalBackoff, minimalBackoff * pow2(doublings))
    }

    /// The wait after the given number of failed attempts, uniformly spread between the floor and the
    /// ceiling by `jitter`.
    /// - Parameters:
    ///   - attempts: Attempts made so far (1 after the first failure).
    ///   - jitter: A value in `0..<1` (random in production, fixed in tests).
    /// - Returns: The wait in seconds.
    public func delay(afterAttempts attempts: Int, jitter: Double) -> Double {
        let unit = min(max(jitter, 0), 1)
        return minimalBackoff + unit * (ceiling(afterAttempts: attempts) - minimalBackoff)
    }

    /// Decides whether a message that has just failed transiently is tried again, and when.
    ///
    /// A retry that would fall after the end of the lifetime is moved to the end of the lifetime, so
    /// the last attempt happens right at the limit; a failure at or after the limit gives up.
    /// - Parameters:
    ///   - attempts: Attempts made so far, including the one that just failed.
    ///   - firstQueuedAt: When the message was (last) queued, moved on by the time delivery was
    ///     stopped since (``DeliveryStop``); the lifetime counts from here.
    ///   - now: The current time.
    ///   - jitter: A value in `0..<1`.
    /// - Returns: `.retry(at:)` or `.giveUp(reason:)`.
    public func decide(attempts: Int, firstQueuedAt: Date, now: Date, jitter: Double) -> Decision {
        let deadline = firstQueuedAt.addingTimeInterval(lifetime)
        if now >= deadline {
            return .giveUp(reason: "gave up after \(attempts) attempt\(attempts == 1 ? "" : "s"): "
                + "lifetime of \(Self.describe(seconds: lifetime)) exceeded")
        }
        let next = now.addingTimeInterval(delay(afterAttempts: attempts, jitter: jitter))
        return .retry(at: min(next, deadline))
    }

    /// A duration in words for messages, e.g. "5 days", "2 hours", "90 seconds".
    static func describe(seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        for (unit, size) in [("day", 86_400), ("hour", 3_600), ("minute", 60)] where whole >= size && whole % size == 0 {
            let count = whole / size
            return "\(count) \(unit)\(count == 1 ? "" : "s")"
        }
        return "\(whole) second\(whole == 1 ? "" : "s")"
    }

    private func pow2(_ exponent: Double) -> Double {
        var result = 1.0
        for _ in 0..<Int(exponent) { result *= 2 }
        return result
    }
}
