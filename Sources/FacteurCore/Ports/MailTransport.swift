public import MIME

/// One message ready to hand to a transport: the envelope and where its composed bytes are.
public struct OutgoingEnvelope: Sendable, Hashable {
    /// The message's Message-ID, without angle brackets.
    public var messageID: String
    /// The envelope sender (MAIL FROM).
    public var sender: EmailAddress
    /// The one envelope recipient (RCPT TO): one invoice, one Pennylane inbox.
    public var recipient: EmailAddress
    /// Path of the composed RFC 5322 message (CRLF, no line starting with "."), streamed as is.
    public var messagePath: String
    /// Size of that file in bytes.
    public var byteCount: Int

    /// Creates an envelope.
    public init(messageID: String, sender: EmailAddress, recipient: EmailAddress, messagePath: String, byteCount: Int) {
        self.messageID = messageID
        self.sender = sender
        self.recipient = recipient
        self.messagePath = messagePath
        self.byteCount = byteCount
    }
}

/// A way to deliver composed messages: SMTP over libcurl, or a Maildir on disk.
///
/// - Important: Sessions block the calling thread (libcurl, file I/O). Call them from a dedicated
///   thread, never from the Swift concurrency pool.
public protocol MailTransport: Sendable {
    /// A short, secret-free description for logs, e.g. `smtp://relay.example.com:587 (STARTTLS)`.
    var displayName: String { get }
    /// Opens a session that delivers several messages, over one connection where the transport has one.
    func openSession() -> any MailTransportSession
}

/// A batch of deliveries sharing one connection. Used from one thread at a time.
public protocol MailTransportSession: AnyObject {
    /// Delivers one message and classifies the outcome.
    /// - Parameters:
    ///   - envelope: The message.
    ///   - onDataStart: Called once, just before the first byte of the message itself is handed over
    ///     (after the server accepted DATA). The outbox records it durably: a crash after this point
    ///     leaves the outcome unknown, a crash before it means the message was not sent. Returning
    ///     false (the record could not be written) aborts the transfer before any byte is sent.
    /// - Returns: The classified outcome, with the server's reply.
    func send(_ envelope: OutgoingEnvelope, onDataStart: () -> Bool) -> DeliveryResult
    /// Ends the session (QUIT and close for SMTP).
    func close()
}
