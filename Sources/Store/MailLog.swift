public import FoundationEssentials
import FacteurCore
import GRDB

/// The append-only, hash-chained record of everything that happened to every message.
///
/// Each row's hash covers its fields and the previous row's hash, so editing, deleting or
/// reordering any row breaks the chain from that row on; ``verify()`` finds the first broken row.
/// Each row is also sealed (``MailLogSealKey``: an HMAC under a key derived from the master key),
/// so a row appended or a chain rewritten by someone holding only the database does not verify.
/// SQLite triggers refuse UPDATE and DELETE; every open checks them (``checkGuards(now:)``) and
/// ``verify()`` checks them again, with the exact bytes stored. Truncating the tail is detectable
/// only against a head exported elsewhere: `facteur audit --verify` prints the head to be kept off
/// the machine, and every owner notice carries it (accounting evidence is kept 10 years, Code de
/// commerce L123-22).
public struct MailLog: Sendable {
    /// The database.
    public let database: FacteurDatabase

    /// The first row's previous hash.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// Creates a view of the log.
    public init(database: FacteurDatabase) {
        self.database = database
    }

    /// Appends a row inside the caller's write transaction.
    @discardableResult
    static func append(_ db: Database, at now: Date, event: String, message: OutboxMessage?,
                       record: (type: String, id: String)? = nil, recipient: String? = nil, outcome: String? = nil,
                       reply: String? = nil, possibleDuplicate: Bool = false, detail: String? = nil) throws -> MailLogEntry {
        let last = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM mail_log ORDER BY seq DESC LIMIT 1"))
        let seq: Int64 = (last?["seq"] ?? 0) + 1
        let entry = MailLogEntry(seq: seq, at: Timestamp.format(now), event: event, message: message, record: record,
                                 recipient: recipient, outcome: outcome,
                                 reply: reply, possibleDuplicate: possibleDuplicate, detail: detail,
                                 previousHash: last?["hash"] ?? genesisHash)
        try db.cachedStatement(sql: """
            INSERT INTO mail_log (seq, at, event, outbox_id, record_id, record_type, message_id, recipient, outcome,
                                  reply, attachment_sha256, possible_duplicate, detail, prev_hash, hash, seal)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, facteur_seal(?))
            """).execute(arguments: [entry.seq, entry.at, entry.event, entry.outboxID, entry.recordID, entry.recordType,
                             entry.messageID, entry.recipient, entry.outcome, entry.reply, entry.attachmentSHA256,
                             entry.possibleDuplicate, entry.detail, entry.previousHash, entry.hash, entry.hash])
        // A trigger added to the file could make the INSERT vanish (RAISE(IGNORE)); never go on
        // as if the row were written.
        guard db.changesCount == 1 else {
            throw StoreError(.database, "the mail log did not take row \(seq) (a trigger outside Facteur?); nothing was recorded")
        }
        return entry
    }

    /// Rows in order, optionally within a time range (`since` inclusive, `until` exclusive).
    public func entries(since: Date? = nil, until: Date? = nil) throws(StoreError) -> [MailLogEntry] {
        var sql = "SELECT * FROM mail_log"
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let since { conditions.append("at >= ?"); arguments += [Timestamp.format(since)] }
        if let until { conditions.append("at < ?"); arguments += [Timestamp.format(until)] }
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY seq"
        let query = sql, values = arguments
        return try database.read { db in try Row.fetchAll(db, sql: query, arguments: values).map(MailLogEntry.init(row:)) }
    }

    /// The last row's seq and hash (the head to keep off the machine), or nil for an empty log.
    public func head() throws(StoreError) -> (seq: Int64, hash: String)? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT seq, hash FROM mail_log ORDER BY seq DESC LIMIT 1").map { ($0["seq"], $0["hash"]) }
        }
    }
}
