import Foundation
package import FacteurCore
import GRDB

/// One row of the mail log: an enqueue, an attempt and its outcome, a recovery, a resend.
public struct MailLogEntry: Sendable, Hashable, Codable {
    /// Position in the chain (1, 2, 3, …).
    public var seq: Int64
    /// When it happened (``FacteurCore/Timestamp`` format).
    public var at: String
    /// `enqueued`, `attempt`, `recovered`, `resend`, `held`.
    public var event: String
    /// The outbox message it concerns.
    public var outboxID: Int64?
    /// The Qonto record ID (or `--ref`).
    public var recordID: String?
    /// The Qonto record type.
    public var recordType: String?
    /// The Message-ID.
    public var messageID: String?
    /// The envelope recipient.
    public var recipient: String?
    /// For attempts, the resulting state (`sent`, `deferred`, `failed`, `unknown`, …).
    public var outcome: String?
    /// The server's full reply for attempts (e.g. `250 2.0.0 Ok: queued as 7B63413B66`).
    public var reply: String?
    /// SHA-256 of the attachment.
    public var attachmentSHA256: String?
    /// Whether this attempt may deliver a second copy (a re-send after an unknown outcome).
    public var possibleDuplicate: Bool
    /// Free text: the failure detail, who asked for a resend, what an update supersedes.
    public var detail: String?
    /// The previous row's hash (64 zeros for the first row).
    public var previousHash: String
    /// SHA-256 over this row's fields and ``previousHash``.
    public var hash: String

    enum CodingKeys: String, CodingKey {
        case seq, at, event, outboxID = "outbox_id", recordID = "record_id", recordType = "record_type"
        case messageID = "message_id", recipient, outcome, reply, attachmentSHA256 = "attachment_sha256"
        case possibleDuplicate = "possible_duplicate", detail, previousHash = "prev_hash", hash
    }

    /// The hash the row should carry, recomputed from its fields: each field as
    /// `<UTF-8 length>:<value>` (or `-` for null) on its own line, in column order, then the
    /// previous hash. Length prefixes make the encoding unambiguous.
    public var computedHash: String {
        let fields: [String?] = [
            String(seq), at, event, outboxID.map { String($0) }, recordID, recordType, messageID, recipient,
            outcome, reply, attachmentSHA256, possibleDuplicate ? "1" : "0", detail, previousHash,
        ]
        return Self.chainHash(fields.map { $0.map { Array($0.utf8) } })
    }

    /// The chain hash of a row's fields given as the bytes stored (``computedHash``'s encoding), so
    /// verification hashes exactly what the database holds, not what a decoder made of it.
    package static func chainHash(_ fields: [[UInt8]?]) -> String {
        var hasher = SHA256()
        for field in fields {
            if let field {
                hasher.update(Array("\(field.count):".utf8))
                hasher.update(field)
                hasher.update(Array("\n".utf8))
            } else {
                hasher.update("-\n")
            }
        }
        return hasher.finalizeHex()
    }

    init(row: Row) {
        seq = row["seq"]
        at = row["at"]
        event = row["event"]
        outboxID = row["outbox_id"]
        recordID = row["record_id"]
        recordType = row["record_type"]
        messageID = row["message_id"]
        recipient = row["recipient"]
        outcome = row["outcome"]
        reply = row["reply"]
        attachmentSHA256 = row["attachment_sha256"]
        possibleDuplicate = row["possible_duplicate"]
        detail = row["detail"]
        previousHash = row["prev_hash"]
        hash = row["hash"]
    }

    package init(seq: Int64, at: String, event: String, message: OutboxMessage?, record: (type: String, id: String)? = nil,
         recipient: String? = nil, outcome: String?, reply: String?, possibleDuplicate: Bool, detail: String?,
         previousHash: String) {
        // SQLite stores a bound string only up to a NUL: the hash must cover what is stored.
        let clean: (String?) -> String? = { $0.map(Self.withoutNUL) }
        self.seq = seq
        self.at = at
        self.event = Self.withoutNUL(event)
        outboxID = message?.id
        recordID = clean(message?.recordID ?? record?.id)
        recordType = clean(message?.recordType ?? record?.type)
        messageID = clean(message?.messageID)
        self.recipient = clean(message?.recipient ?? recipient)
        self.outcome = clean(outcome)
        self.reply = clean(reply)
        attachmentSHA256 = clean(message?.attachmentSHA256)
        self.possibleDuplicate = possibleDuplicate
        self.detail = clean(detail)
        self.previousHash = previousHash
        hash = ""
        hash = computedHash
    }

    /// The text with each NUL replaced by U+FFFD (a server reply or a Qonto field may carry one).
    static func withoutNUL(_ text: String) -> String {
        text.contains("\0") ? text.replacingOccurrences(of: "\0", with: "\u{FFFD}") : text
    }
}
