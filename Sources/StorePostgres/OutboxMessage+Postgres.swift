import FacteurCore
import PostgresNIO

extension OutboxMessage {
    /// Reads a row of the `outbox` table (every column, `SELECT *` or `RETURNING *`).
    init(postgres row: PostgresRow) throws {
        let row = row.makeRandomAccess()
        self.init(
            id: try row["id"].decode(Int64.self),
            recordID: try row["record_id"].decode(String.self),
            recordType: try row["record_type"].decode(String.self),
            contentHash: try row["content_hash"].decode(String.self),
            messageID: try row["message_id"].decode(String.self),
            sender: try row["sender"].decode(String.self),
            recipient: try row["recipient"].decode(String.self),
            subject: try row["subject"].decode(String.self),
            attachmentName: try row["attachment_name"].decode(String.self),
            attachmentSHA256: try row["attachment_sha256"].decode(String.self),
            spoolFile: try row["spool_file"].decode(String.self),
            size: try row["size"].decode(Int64.self),
            state: OutboxState(rawValue: try row["state"].decode(String.self)) ?? .held,
            attempts: try row["attempts"].decode(Int.self),
            nextAttemptAt: try row["next_attempt_at"].decode(String?.self),
            queuedAt: try row["queued_at"].decode(String.self),
            createdAt: try row["created_at"].decode(String.self),
            lastAttemptAt: try row["last_attempt_at"].decode(String?.self),
            sentAt: try row["sent_at"].decode(String?.self),
            lastReply: try row["last_reply"].decode(String?.self),
            lastError: try row["last_error"].decode(String?.self),
            possibleDuplicate: try row["possible_duplicate"].decode(Bool.self),
            supersedesID: try row["supersedes_id"].decode(Int64?.self))
    }
}

/// What an outbox row holds beyond the message: whether its data phase began, and its lease.
struct OutboxRowState {
    /// The message.
    var message: OutboxMessage
    /// Whether the data phase of the current attempt began (`data_started_at` set).
    var dataStarted: Bool
    /// The process holding the row's lease, if any.
    var leaseHolder: String?

    /// Reads a full `outbox` row.
    init(_ row: PostgresRow) throws {
        message = try OutboxMessage(postgres: row)
        let columns = row.makeRandomAccess()
        dataStarted = try columns["data_started_at"].decode(String?.self) != nil
        leaseHolder = try columns["lease_holder"].decode(String?.self)
    }
}
