public import FoundationEssentials
import FacteurCore
import GRDB

/// The append-only, hash-chained record of everything that happened to every message.
///
/// Each row's hash covers its fields and the previous row's hash, so editing, deleting or
/// reordering any row breaks the chain from that row on; ``verify()`` finds the first broken row.
/// SQLite triggers refuse UPDATE and DELETE, so nothing in Facteur can change a row. Truncating the
/// tail is detectable only against a head exported elsewhere: `facteur audit --verify` prints the
/// head to be kept off the machine (accounting evidence is kept 10 years, Code de commerce L123-22).
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
                                  reply, attachment_sha256, possible_duplicate, detail, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [entry.seq, entry.at, entry.event, entry.outboxID, entry.recordID, entry.recordType,
                             entry.messageID, entry.recipient, entry.outcome, entry.reply, entry.attachmentSHA256,
                             entry.possibleDuplicate, entry.detail, entry.previousHash, entry.hash])
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

    /// The result of ``verify()``.
    public struct Verification: Sendable, Hashable, Codable {
        /// Rows checked.
        public var rowCount: Int
        /// The last row's seq and hash (the head to export), when the log is not empty.
        public var headSeq: Int64?
        /// The head hash.
        public var headHash: String?
        /// The first problem found, naming the row; nil when the chain is intact.
        public var firstBreak: String?
        /// Whether the chain is intact.
        public var isIntact: Bool { firstBreak == nil }
    }

    /// Recomputes the chain and checks it against a head exported earlier (`facteur audit --verify`
    /// printed it): that row must still be there with the same hash, which detects rows removed from
    /// the end, or a chain rebuilt after an edit.
    /// - Parameters:
    ///   - seq: The exported head's row.
    ///   - hash: Its hash.
    /// - Returns: The verification; `firstBreak` names the problem.
    public func verify(expectingHead seq: Int64, hash: String) throws(StoreError) -> Verification {
        var result = try verify()
        guard result.isIntact else { return result }
        let stored = try database.read { db in
            try String.fetchOne(db, sql: "SELECT hash FROM mail_log WHERE seq = ?", arguments: [seq])
        }
        if stored == nil {
            result.firstBreak = "row \(seq): the exported head is missing (rows were removed from the end; the log now ends at row \(result.headSeq ?? 0))"
        } else if stored != hash {
            result.firstBreak = "row \(seq): its hash differs from the exported head (the chain was rewritten)"
        }
        return result
    }

    /// Recomputes the whole chain, streaming the rows (constant memory at millions of rows).
    /// - Returns: The verification; `firstBreak` names the first row that does not fit.
    public func verify() throws(StoreError) -> Verification {
        try database.read { db in
            var expectedPrevious = Self.genesisHash
            var expectedSeq: Int64 = 1
            var count = 0
            var head: (Int64, String)?
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM mail_log ORDER BY seq")
            while let row = try cursor.next() {
                let entry = MailLogEntry(row: row)
                count += 1
                if entry.seq != expectedSeq {
                    return Verification(rowCount: count, headSeq: head?.0, headHash: head?.1,
                                        firstBreak: "row \(entry.seq): expected row \(expectedSeq) here (a row was deleted or renumbered)")
                }
                if entry.previousHash != expectedPrevious {
                    return Verification(rowCount: count, headSeq: head?.0, headHash: head?.1,
                                        firstBreak: "row \(entry.seq): previous-hash link broken (a row before it was changed, removed or reordered)")
                }
                if entry.computedHash != entry.hash {
                    return Verification(rowCount: count, headSeq: head?.0, headHash: head?.1,
                                        firstBreak: "row \(entry.seq): content does not match its hash (the row was edited)")
                }
                expectedPrevious = entry.hash
                expectedSeq += 1
                head = (entry.seq, entry.hash)
            }
            return Verification(rowCount: count, headSeq: head?.0, headHash: head?.1, firstBreak: nil)
        }
    }
}
