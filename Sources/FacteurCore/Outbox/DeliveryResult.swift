/// What one delivery attempt of one message came to, as the transport saw it.
///
/// Transports classify; the outbox decides what to do next through ``OutboxTransition``.
public struct DeliveryResult: Sendable, Hashable {
    /// The class of an attempt's outcome.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The server accepted the message (final 250).
        case delivered
        /// Worth retrying later: 4xx replies, connection failures, timeouts before the final dot.
        case transient
        /// Not worth retrying as is: 5xx replies for this message.
        case permanent
        /// The server refused our credentials (535). Every further message would fail the same way.
        case authFailure
        /// TLS could not be established as configured (no STARTTLS, protocol version, certificate).
        /// A configuration problem on our side or the server's: every further message would fail too.
        case securityFailure
        /// The data was handed over but no final reply came: the server may have the message.
        case unknown
    }

    /// The class of the outcome.
    public var kind: Kind
    /// The server's reply lines relevant to the outcome (the final reply, or the failing stage's),
    /// joined with newlines; empty when the server said nothing.
    public var reply: String
    /// A short description of a transport-level failure (libcurl's error text), without secrets.
    public var detail: String
    /// The SMTP reply code of the failing (or final) stage, when one was received.
    public var replyCode: Int?

    /// Creates a result.
    public init(kind: Kind, reply: String = "", detail: String = "", replyCode: Int? = nil) {
        self.kind = kind
        self.reply = reply
        self.detail = detail
        self.replyCode = replyCode
    }

    /// Whether the rest of a batch must stop: the failure is about the connection or account,
    /// not about this message.
    public var stopsBatch: Bool { kind == .authFailure || kind == .securityFailure }

    /// One line for logs and listings: the reply if any, else the detail.
    public var summary: String {
        let text = reply.isEmpty ? detail : reply
        return text.split(whereSeparator: \.isNewline).joined(separator: " | ")
    }
}
