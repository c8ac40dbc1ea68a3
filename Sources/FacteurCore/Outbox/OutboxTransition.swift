public import FoundationEssentials

/// The next state of an outbox message after an attempt, or after a crash interrupted one.
///
/// This is the outbox's state machine as a pure function; the store applies the result in the same
/// transaction that appends the attempt to the mail log.
public struct OutboxTransition: Sendable, Hashable {
    /// The state the message moves to.
    public var state: OutboxState
    /// When the message is next due (for `deferred` and `unknown`), else nil.
    public var nextAttemptAt: Date?
    /// Why, in one line (kept as the message's last error and shown in `facteur outbox`).
    public var reason: String
    /// Whether the attempt counts towards the message's attempts. A stop (the relay refused our
    /// credentials or TLS) is the relay's fault, not the message's: it does not count.
    public var countsAttempt: Bool
    /// The message's new lifetime origin, when time it spent waiting is not charged to it (a wait
    /// that ended in a stop, or a pause for the relay), else nil (unchanged).
    public var lifetimeStart: Date?

    /// Creates a transition.
    public init(state: OutboxState, nextAttemptAt: Date? = nil, reason: String, countsAttempt: Bool = true,
                lifetimeStart: Date? = nil) {
        self.state = state
        self.nextAttemptAt = nextAttemptAt
        self.reason = reason
        self.countsAttempt = countsAttempt
        self.lifetimeStart = lifetimeStart
    }

    /// How a message waited before the attempt being judged.
    public enum Wait: Sendable, Hashable {
        /// Waiting out a backoff (or its first wait in the queue) since this time.
        case backoff(since: Date)
        /// Paused since this time by a stop: the relay refused our credentials or TLS, so no time
        /// since then is charged to the message. A paused message is `deferred` with no due time.
        case pausedByStop(since: Date)
    }

    /// The transition after an attempt of a message that waited since it was queued (its first
    /// attempt, or a caller that does not track pauses).
    /// - Parameters: See ``after(_:attempts:firstQueuedAt:waited:now:policy:jitter:)``.
    /// - Returns: The transition to apply.
    public static func after(
        _ result: DeliveryResult, attempts: Int, firstQueuedAt: Date, now: Date,
        policy: RetryPolicy, jitter: Double
    ) -> OutboxTransition {
        after(result, attempts: attempts, firstQueuedAt: firstQueuedAt, waited: .backoff(since: firstQueuedAt),
              now: now, policy: policy, jitter: jitter)
    }

    /// The transition after an attempt.
    ///
    /// - `delivered` → `sent`;
    /// - `permanent` → `failed` with the server's reply;
    /// - `transient` → `deferred` by the retry policy, or `failed` once the lifetime is exceeded;
    /// - `authFailure`, `securityFailure` (a stop) → `deferred` with no due time: paused until
    ///   delivery resumes, then due at once. A stop is the relay's fault, not the message's: the
    ///   attempt does not count, the wait that ended in it is not charged to the lifetime, and
    ///   neither is the pause that follows (it is credited at the next attempt). It never fails a
    ///   message; the stop itself is an incident for a person;
    /// - `unknown` → `unknown`, due again after a backoff; it is re-sent with the same Message-ID.
    /// - Parameters:
    ///   - result: What the transport reported.
    ///   - attempts: Attempts made so far, including this one.
    ///   - firstQueuedAt: The message's lifetime origin (when it was last queued, moved on by pauses).
    ///   - waited: How the message waited before this attempt.
    ///   - now: The current time.
    ///   - policy: The retry policy.
    ///   - jitter: A value in `0..<1`.
    /// - Returns: The transition to apply.
    public static func after(
        _ result: DeliveryResult, attempts: Int, firstQueuedAt: Date, waited: Wait, now: Date,
        policy: RetryPolicy, jitter: Double
    ) -> OutboxTransition {
        let summary = result.summary
        if result.stopsBatch {
            // The whole wait is credited: the relay may have been refusing us for all of it.
            let since: Date
            switch waited {
            case .backoff(let start), .pausedByStop(let start): since = start
            }
            return OutboxTransition(state: .deferred, nextAttemptAt: nil,
                                    reason: prefix(result.kind) + summary,
                                    countsAttempt: false, lifetimeStart: credit(firstQueuedAt, since: since, now: now))
        }
        var origin = firstQueuedAt
        var moved: Date?
        if case .pausedByStop(let since) = waited {
            origin = credit(firstQueuedAt, since: since, now: now)
            moved = origin
        }
        switch result.kind {
        case .delivered:
            return OutboxTransition(state: .sent, reason: summary, lifetimeStart: moved)
        case .permanent:
            return OutboxTransition(state: .failed, reason: "rejected: \(summary)", lifetimeStart: moved)
        case .transient, .unknown, .authFailure, .securityFailure:
            switch policy.decide(attempts: attempts, firstQueuedAt: origin, now: now, jitter: jitter) {
            case .retry(let at):
                let state: OutboxState = result.kind == .unknown ? .unknown : .deferred
                return OutboxTransition(state: state, nextAttemptAt: at, reason: prefix(result.kind) + summary,
                                        lifetimeStart: moved)
            case .giveUp(let reason):
                return OutboxTransition(state: .failed, reason: "\(reason); last: \(prefix(result.kind))\(summary)",
                                        lifetimeStart: moved)
            }
        }
    }

    /// The lifetime origin moved on by the time from `since` to `now` (never backwards).
    private static func credit(_ origin: Date, since: Date, now: Date) -> Date {
        origin.addingTimeInterval(max(0, now.timeIntervalSince(since)))
    }

    /// The transition of a message found in `sending` when the outbox is opened: the process died
    /// during an attempt.
    ///
    /// If the data phase had not started, the server cannot have the message: it is queued again at
    /// once. If it had, the server may have accepted it: `unknown`, due now, re-sent with the same
    /// Message-ID and logged as a possible duplicate.
    /// - Parameters:
    ///   - dataStarted: Whether the attempt had begun handing over the message data.
    ///   - now: The current time.
    /// - Returns: The transition to apply.
    public static func recovering(dataStarted: Bool, now: Date) -> OutboxTransition {
        if dataStarted {
            return OutboxTransition(state: .unknown, nextAttemptAt: now,
                                    reason: "interrupted after the data was handed over: the server may have the message")
        }
        return OutboxTransition(state: .queued, nextAttemptAt: now,
                                reason: "interrupted before the data phase: not sent, queued again")
    }

    private static func prefix(_ kind: DeliveryResult.Kind) -> String {
        switch kind {
        case .authFailure: return "authentication failed: "
        case .securityFailure: return "TLS failure: "
        case .unknown: return "outcome unknown: "
        case .delivered, .transient, .permanent: return ""
        }
    }
}
