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
    /// For a stop, when delivery may have started being refused (the start of the wait that ended
    /// in it): the store records a ``DeliveryStop`` from here, credited to every waiting message.
    /// Nil for any other outcome, which ends a stop under way.
    public var stoppedSince: Date?

    /// Creates a transition.
    public init(state: OutboxState, nextAttemptAt: Date? = nil, reason: String, countsAttempt: Bool = true,
                stoppedSince: Date? = nil) {
        self.state = state
        self.nextAttemptAt = nextAttemptAt
        self.reason = reason
        self.countsAttempt = countsAttempt
        self.stoppedSince = stoppedSince
    }

    /// The transition after an attempt.
    ///
    /// - `delivered` → `sent`;
    /// - `permanent` → `failed` with the server's reply;
    /// - `transient` → `deferred` by the retry policy, or `failed` once the lifetime is exceeded;
    /// - `authFailure`, `securityFailure` (a stop) → `deferred` with no due time: paused until
    ///   delivery resumes, then due at once. A stop is the relay's fault, not the message's: the
    ///   attempt does not count and the stop is recorded from the start of the wait that ended in
    ///   it (``stoppedSince``); the time it lasts is credited to every message waiting through it
    ///   (`credited`), not only this one. It never fails a message; the stop itself is an incident
    ///   for a person;
    /// - `unknown` → `unknown`, due again after a backoff; it is re-sent with the same Message-ID.
    /// - Parameters:
    ///   - result: What the transport reported.
    ///   - attempts: Attempts made so far, including this one.
    ///   - firstQueuedAt: When the message was (last) queued: the lifetime counts from here.
    ///   - waitingSince: When the wait before this attempt began (its last attempt, or when it was
    ///     queued); defaults to `firstQueuedAt`.
    ///   - credited: Seconds since `firstQueuedAt` during which delivery was stopped
    ///     (``DeliveryStop/credit(_:from:to:)``): not charged to the lifetime.
    ///   - now: The current time.
    ///   - policy: The retry policy.
    ///   - jitter: A value in `0..<1`.
    /// - Returns: The transition to apply.
    public static func after(
        _ result: DeliveryResult, attempts: Int, firstQueuedAt: Date, waitingSince: Date? = nil, credited: Double = 0,
        now: Date, policy: RetryPolicy, jitter: Double
    ) -> OutboxTransition {
        let summary = result.summary
        if result.stopsBatch {
            return OutboxTransition(state: .deferred, nextAttemptAt: nil, reason: prefix(result.kind) + summary,
                                    countsAttempt: false, stoppedSince: min(waitingSince ?? firstQueuedAt, now))
        }
        switch result.kind {
        case .delivered:
            return OutboxTransition(state: .sent, reason: summary)
        case .permanent:
            return OutboxTransition(state: .failed, reason: "rejected: \(summary)")
        case .transient, .unknown, .authFailure, .securityFailure:
            let origin = firstQueuedAt.addingTimeInterval(max(0, credited))
            switch policy.decide(attempts: attempts, firstQueuedAt: origin, now: now, jitter: jitter) {
            case .retry(let at):
                let state: OutboxState = result.kind == .unknown ? .unknown : .deferred
                return OutboxTransition(state: state, nextAttemptAt: at, reason: prefix(result.kind) + summary)
            case .giveUp(let reason):
                return OutboxTransition(state: .failed, reason: "\(reason); last: \(prefix(result.kind))\(summary)")
            }
        }
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
