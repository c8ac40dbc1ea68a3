public import FacteurCore

/// What a caller hands to ``OutboxRepository/enqueue(_:now:)``: a composed message already in the spool.
public struct NewOutboxMessage: Sendable, Hashable {
    /// Record ID, type and content hash: the idempotency key.
    public var recordID: String
    /// The Qonto record type.
    public var recordType: String
    /// The content hash.
    public var contentHash: String
    /// The Message-ID.
    public var messageID: String
    /// The envelope sender.
    public var sender: String
    /// The envelope recipient.
    public var recipient: String
    /// The subject as composed (decoded), for listings.
    public var subject: String
    /// The attachment's file name.
    public var attachmentName: String
    /// The attachment's SHA-256.
    public var attachmentSHA256: String
    /// The composed file, relative to the data directory.
    public var spoolFile: String
    /// Its size.
    public var size: Int64
    /// `queued`, or `held` when a person must decide first.
    public var initialState: OutboxState
    /// Why it is held, when it is.
    public var holdReason: String?

    /// Creates a new message description.
    public init(recordID: String, recordType: String, contentHash: String, messageID: String, sender: String,
                recipient: String, subject: String, attachmentName: String, attachmentSHA256: String,
                spoolFile: String, size: Int64, initialState: OutboxState = .queued, holdReason: String? = nil) {
        self.recordID = recordID
        self.recordType = recordType
        self.contentHash = contentHash
        self.messageID = messageID
        self.sender = sender
        self.recipient = recipient
        self.subject = subject
        self.attachmentName = attachmentName
        self.attachmentSHA256 = attachmentSHA256
        self.spoolFile = spoolFile
        self.size = size
        self.initialState = initialState
        self.holdReason = holdReason
    }
}
