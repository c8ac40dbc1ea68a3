/// A row of the outbox: one composed invoice mail and where its delivery stands.
public struct OutboxMessage: Sendable, Hashable, Codable {
    /// The outbox ID (shown by `facteur outbox`, taken by `facteur resend`).
    public var id: Int64
    /// The Qonto record ID (or `--ref`).
    public var recordID: String
    /// The Qonto record type (`supplier_invoice`, `client_invoice`).
    public var recordType: String
    /// Identifies this version of the record; with the record ID it makes enqueueing idempotent.
    public var contentHash: String
    /// The Message-ID (without brackets).
    public var messageID: String
    /// The envelope sender.
    public var sender: String
    /// The envelope recipient (a Pennylane inbox).
    public var recipient: String
    /// The decoded subject, for listings.
    public var subject: String
    /// The attachment's file name.
    public var attachmentName: String
    /// The attachment's SHA-256.
    public var attachmentSHA256: String
    /// The composed message, relative to the data directory (`spool/…eml`).
    public var spoolFile: String
    /// The composed message's size in bytes.
    public var size: Int64
    /// The delivery state.
    public var state: OutboxState
    /// Attempts since it was (re)queued.
    public var attempts: Int
    /// When it is next due (deferred, unknown, queued).
    public var nextAttemptAt: String?
    /// When it was queued, or re-queued by a resend; the retry lifetime counts from here.
    public var queuedAt: String
    /// When the row was created.
    public var createdAt: String
    /// The last attempt's start.
    public var lastAttemptAt: String?
    /// When the server accepted it.
    public var sentAt: String?
    /// The server's last reply (the 250 "queued as" line once sent).
    public var lastReply: String?
    /// Why it is deferred, failed, held or unknown.
    public var lastError: String?
    /// Set once an attempt ended in `unknown`: later attempts may deliver a second copy.
    public var possibleDuplicate: Bool
    /// The earlier message of the same record that this one updates (changed content).
    public var supersedesID: Int64?

    enum CodingKeys: String, CodingKey {
        case id, recordID = "record_id", recordType = "record_type", contentHash = "content_hash"
        case messageID = "message_id", sender, recipient, subject, attachmentName = "attachment_name"
        case attachmentSHA256 = "attachment_sha256", spoolFile = "spool_file", size, state, attempts
        case nextAttemptAt = "next_attempt_at", queuedAt = "queued_at", createdAt = "created_at"
        case lastAttemptAt = "last_attempt_at", sentAt = "sent_at", lastReply = "last_reply", lastError = "last_error"
        case possibleDuplicate = "possible_duplicate", supersedesID = "supersedes_id"
    }

    /// Creates a message as a store read it.
    public init(id: Int64, recordID: String, recordType: String, contentHash: String, messageID: String,
                sender: String, recipient: String, subject: String, attachmentName: String, attachmentSHA256: String,
                spoolFile: String, size: Int64, state: OutboxState, attempts: Int, nextAttemptAt: String?,
                queuedAt: String, createdAt: String, lastAttemptAt: String?, sentAt: String?, lastReply: String?,
                lastError: String?, possibleDuplicate: Bool, supersedesID: Int64?) {
        self.id = id
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
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.queuedAt = queuedAt
        self.createdAt = createdAt
        self.lastAttemptAt = lastAttemptAt
        self.sentAt = sentAt
        self.lastReply = lastReply
        self.lastError = lastError
        self.possibleDuplicate = possibleDuplicate
        self.supersedesID = supersedesID
    }
}
