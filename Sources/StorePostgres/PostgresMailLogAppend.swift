import FacteurCore
import FoundationEssentials
import Logging
import PostgresNIO
import Store

/// Appends rows to one workspace's hash-chained mail log inside the caller's transaction, exactly
/// as SQLite's `MailLog.append` does: the same fields, the same chain hash
/// (``Store/MailLogEntry``'s own), the same seal. Several processes append at once, so each
/// append first takes the workspace's log lock (`pg_advisory_xact_lock`, held to the end of the
/// transaction) and only then reads the head: the chain never forks.
///
/// - Important: Take every row lock the transaction needs BEFORE the first append: the log lock
///   is taken last, and nothing waits for another lock while holding it (no deadlock).
struct PostgresMailLogAppend: Sendable {
    /// The workspace whose chain this is.
    let workspace: WorkspaceID
    /// Seals each row (HMAC of its hash), or nil when the master key is not loaded (rows unsealed).
    let sealKey: MailLogSealKey?

    /// The advisory lock key text of the workspace's log (hashed by `hashtextextended`).
    var lockKey: String { "facteur.mail_log|\(workspace.rawValue)" }

    /// Appends one row; returns it.
    @discardableResult
    func append(_ connection: PostgresConnection, logger: Logger, at now: Date, event: String, message: OutboxMessage?,
                record: (type: String, id: String)? = nil, recipient: String? = nil, outcome: String? = nil,
                reply: String? = nil, possibleDuplicate: Bool = false, detail: String? = nil) async throws -> MailLogEntry {
        try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(lockKey), 0))", logger: logger)
        let head = try await connection.query("""
            SELECT seq, hash FROM mail_log WHERE workspace = \(workspace.rawValue) ORDER BY seq DESC LIMIT 1
            """, logger: logger).collect().first.map { try $0.decode((Int64, String).self) }
        let entry = MailLogEntry(seq: (head?.0 ?? 0) + 1, at: Timestamp.format(now), event: event, message: message,
                                 record: record, recipient: recipient, outcome: outcome, reply: reply,
                                 possibleDuplicate: possibleDuplicate, detail: detail,
                                 previousHash: head?.1 ?? MailLog.genesisHash)
        let seal = sealKey?.seal(hash: entry.hash)
        try await connection.query("""
            INSERT INTO mail_log (workspace, seq, at, event, outbox_id, record_id, record_type, message_id, recipient,
                                  outcome, reply, attachment_sha256, possible_duplicate, detail, prev_hash, hash, seal)
            VALUES (\(workspace.rawValue), \(entry.seq), \(entry.at), \(entry.event), \(entry.outboxID), \(entry.recordID),
                    \(entry.recordType), \(entry.messageID), \(entry.recipient), \(entry.outcome), \(entry.reply),
                    \(entry.attachmentSHA256), \(entry.possibleDuplicate), \(entry.detail), \(entry.previousHash),
                    \(entry.hash), \(seal))
            """, logger: logger)
        return entry
    }
}
