import FacteurCore
import GRDB

extension OutboxMessage {
    /// Reads a row of the `outbox` table.
    init(row: Row) {
        self.init(
            id: row["id"],
            recordID: row["record_id"],
            recordType: row["record_type"],
            contentHash: row["content_hash"],
            messageID: row["message_id"],
            sender: row["sender"],
            recipient: row["recipient"],
            subject: row["subject"],
            attachmentName: row["attachment_name"],
            attachmentSHA256: row["attachment_sha256"],
            spoolFile: row["spool_file"],
            size: row["size"],
            state: OutboxState(rawValue: row["state"]) ?? .held,
            attempts: row["attempts"],
            nextAttemptAt: row["next_attempt_at"],
            queuedAt: row["queued_at"],
            createdAt: row["created_at"],
            lastAttemptAt: row["last_attempt_at"],
            sentAt: row["sent_at"],
            lastReply: row["last_reply"],
            lastError: row["last_error"],
            possibleDuplicate: row["possible_duplicate"],
            supersedesID: row["supersedes_id"])
    }
}
