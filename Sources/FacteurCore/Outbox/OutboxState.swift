/// Where a message stands in the outbox.
///
/// The states mirror a mail queue's: Postfix's incoming/active/deferred/hold, plus `unknown`, the
/// outcome no MTA can avoid (the connection was lost after the final dot, so the server may have the
/// message). `unknown` is never collapsed into `failed` or `queued`.
public enum OutboxState: String, Sendable, Hashable, CaseIterable, Codable {
    /// Waiting for its first attempt.
    case queued
    /// An attempt is in progress (a crash leaves it here; recovery decides what it becomes).
    case sending
    /// Accepted by the server with a 250 reply; the reply text is the delivery proof.
    case sent
    /// A transient failure; the next attempt is scheduled.
    case deferred
    /// A permanent failure, or the lifetime ran out; the reason is kept. `facteur resend` revives it.
    case failed
    /// Not to be sent without a person's decision. `facteur resend` releases it.
    case held
    /// The connection was lost after the data was handed over: the server may have the message.
    /// It is re-sent with the same Message-ID and the attempt is logged as a possible duplicate.
    case unknown

    /// Whether the delivery worker picks messages in this state when they are due.
    public var isDeliverable: Bool {
        switch self {
        case .queued, .deferred, .unknown: return true
        case .sending, .sent, .failed, .held: return false
        }
    }

    /// Whether `facteur resend` may move a message in this state back to `queued`.
    public var isResendable: Bool { self == .failed || self == .held }
}
