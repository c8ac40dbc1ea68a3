public import FacteurCore
public import FoundationEssentials
import Logging
import PostgresNIO
public import Store

/// One workspace's hash-chained mail log on PostgreSQL, as it is read and checked (rows are
/// appended by each state change's own transaction through ``PostgresMailLogAppend``).
///
/// Verification is Store's (``Store/MailLogChainCheck``), fed the exact bytes PostgreSQL holds,
/// so `facteur audit --verify` judges both engines alike. The append-only guards are PostgreSQL
/// triggers (``PostgresMailLogGuards``) refusing UPDATE, DELETE and TRUNCATE on `mail_log`.
///
/// Conforms to the synchronous façade (`MailLogArchive`) through the connection's ``PostgresBridge``: each
/// operation runs as a task on the bridge's own threads while the caller's thread waits.
public struct PostgresMailLogArchive: Sendable {
    /// The store's connection pool.
    public let connection: PostgresStoreConnection
    /// The workspace whose log this is.
    public let workspace: WorkspaceID
    /// Checks the seals and seals alert rows (nil: seals not checked, as without the master key).
    public let sealKey: MailLogSealKey?

    /// The mail log of one workspace.
    public init(connection: PostgresStoreConnection, workspace: WorkspaceID, sealKey: MailLogSealKey?) {
        self.connection = connection
        self.workspace = workspace
        self.sealKey = sealKey
    }

    /// The rows in order, optionally within a time range (`since` inclusive, `until` exclusive).
    func entriesAsync(since: Date? = nil, until: Date? = nil) async throws(StoreError) -> [MailLogEntry] {
        // Absent bounds compare as the whole range: '' sorts first, and no time starts with '~'.
        let from = since.map(Timestamp.format) ?? "", to = until.map(Timestamp.format) ?? "~"
        return try await connection.read("read the mail log", """
                SELECT * FROM mail_log WHERE workspace = \(workspace.rawValue) AND at >= \(from) AND at < \(to) ORDER BY seq
                """) { rows in
            try rows.map { row in
                MailLogEntry(seq: try row.column("seq"), at: try row.column("at"), event: try row.column("event"),
                             outboxID: try row.column("outbox_id"), recordID: try row.column("record_id"),
                             recordType: try row.column("record_type"), messageID: try row.column("message_id"),
                             recipient: try row.column("recipient"), outcome: try row.column("outcome"),
                             reply: try row.column("reply"), attachmentSHA256: try row.column("attachment_sha256"),
                             possibleDuplicate: try row.column("possible_duplicate"), detail: try row.column("detail"),
                             previousHash: try row.column("prev_hash"), hash: try row.column("hash"))
            }
        }
    }

    /// The last row's seq and hash (the head to keep off the machine), or nil when the log is empty.
    func headAsync() async throws(StoreError) -> (seq: Int64, hash: String)? {
        try await connection.read("read the mail log's head", """
                SELECT seq, hash FROM mail_log WHERE workspace = \(workspace.rawValue) ORDER BY seq DESC LIMIT 1
                """) { rows in
            try rows.first.map { row in (seq: try row.column("seq"), hash: try row.column("hash")) }
        }
    }

    /// Recomputes the chain, streaming the rows, and checks the seals and the guards (Store's
    /// ``Store/MailLogChainCheck``, as on SQLite). Without a sealing marker every row must be
    /// sealed (when the seal key is known).
    /// - Returns: The verification; `firstBreak` names the first row that does not fit.
    func verifyAsync() async throws(StoreError) -> MailLogVerification {
        try await connection.transaction("verify the mail log") { db in
            let logger = connection.logger, space = workspace.rawValue
            // One snapshot for the marker, the rows and the guards.
            try await db.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            let markers: [(sealedFrom: Int64?, seal: String?)] = try await db.allRows("""
                SELECT sealed_from, seal FROM mail_log_sealing WHERE workspace = \(space)
                """, logger: logger).map { row in (try row.column("sealed_from"), try row.column("seal")) }
            // A log begun on PostgreSQL is sealed from its first row and has no marker; only a log
            // copied from SQLite with rows from before sealing carries one (and it must verify).
            // Removing that marker makes those early rows fail, never pass.
            var check = markers.isEmpty ? MailLogChainCheck(sealKey: sealKey, sealedFrom: 1)
                : MailLogChainCheck(sealKey: sealKey, markers: markers)
            guard !check.isBroken else { return check.result }
            let texts = MailLogStoredRow.textColumns.map { "convert_to(\($0.name), 'UTF8') AS \($0.name)" }.joined(separator: ", ")
            let rows = try await db.query("""
                SELECT seq, outbox_id, possible_duplicate, \(unescaped: texts) FROM mail_log WHERE workspace = \(space) ORDER BY seq
                """, logger: logger)
            for try await row in rows {
                guard check.check(try Self.storedRow(row.makeRandomAccess())) else { return check.result }
            }
            return check.finish(damagedGuards: try await PostgresMailLogGuards.damaged(db, logger: logger))
        }
    }

    /// Verifies, and checks that a head exported earlier is still there unchanged (which detects
    /// rows removed from the end, or a chain rebuilt after an edit).
    func verifyAsync(expectingHead seq: Int64, hash: String) async throws(StoreError) -> MailLogVerification {
        var result = try await verifyAsync()
        guard result.isIntact else { return result }
        let stored = try await connection.read("read a mail-log row", """
            SELECT hash FROM mail_log WHERE workspace = \(workspace.rawValue) AND seq = \(seq)
            """) { rows in
            try rows.first?.column("hash", as: String.self)
        }
        if stored == nil {
            result.firstBreak = "row \(seq): the exported head is missing (rows were removed from the end; the log now ends at row \(result.headSeq ?? 0))"
        } else if stored != hash {
            result.firstBreak = "row \(seq): its hash differs from the exported head (the chain was rewritten)"
        }
        return result
    }

    /// Checks the append-only guards: when one was dropped, disabled or altered, or another
    /// trigger or rule was put on `mail_log` (PostgreSQL's owner can), the schema's guards are put
    /// back, the others dropped, and every workspace's log gets an integrity-alert row naming them —
    /// the table is shared, so what could have happened while it was unprotected concerns every
    /// workspace. Gateways starting together take turns; the first restores, the others find it sound.
    /// - Parameter now: The time of the alert rows.
    func checkGuardsAsync(now: Date) async throws(StoreError) {
        try await connection.transaction("check the mail log's guards") { db in
            let logger = connection.logger
            try await db.query("SELECT pg_advisory_xact_lock(hashtextextended('facteur mail_log guards', 0))", logger: logger)
            let damaged = try await PostgresMailLogGuards.damaged(db, logger: logger)
            guard !damaged.isEmpty else { return }
            var workspaces: Set<String> = [workspace.rawValue]
            for row in try await db.allRows("""
                SELECT workspace FROM mail_log_sealing UNION SELECT DISTINCT workspace FROM mail_log
                """, logger: logger) {
                workspaces.insert(try row.column("workspace"))
            }
            let logs = workspaces.sorted().compactMap(WorkspaceID.init).map { PostgresMailLogAppend(workspace: $0, sealKey: sealKey) }
            // Every log's lock before the triggers change: an append holding one would otherwise
            // wait for the trigger change while it waits for that lock.
            for log in logs {
                try await db.query("SELECT pg_advisory_xact_lock(hashtextextended(\(log.lockKey), 0))", logger: logger)
            }
            try await PostgresMailLogGuards.restore(damaged, db, logger: logger)
            let detail = "trigger\(damaged.count == 1 ? "" : "s") \(damaged.joined(separator: ", ")) found missing, altered or "
                + "added outside Facteur; the schema's were restored: rows may have been changed, removed or not written "
                + "while the log was unprotected"
            for log in logs {
                try await log.append(db, logger: logger, at: now, event: MailLog.integrityAlertEvent, message: nil, detail: detail)
            }
        }
    }

    /// A row read with text columns as their UTF-8 bytes; PostgreSQL's columns are typed, so the
    /// storage types are the columns' (NULL aside).
    private static func storedRow(_ row: PostgresRandomAccessRow) throws -> MailLogStoredRow {
        var bytes: [String: [UInt8]] = [:], integers: [String: Int64] = [:], types: [String: String] = [:]
        for column in MailLogStoredRow.textColumns {
            if let data = try row.column(column.name, as: Data?.self) {
                bytes[column.name] = Array(data)
                types[column.name] = "text"
            } else {
                types[column.name] = "null"
            }
        }
        let values: [String: Int64?] = [
            "seq": try row.column("seq", as: Int64.self), "outbox_id": try row.column("outbox_id", as: Int64?.self),
            "possible_duplicate": try row.column("possible_duplicate", as: Bool.self) ? 1 : 0,
        ]
        for (name, value) in values {
            if let value {
                integers[name] = value
                types[name] = "integer"
            } else {
                types[name] = "null"
            }
        }
        return MailLogStoredRow(bytes: bytes, integers: integers, types: types)
    }
}

extension PostgresMailLogArchive: MailLogArchive {
    /// The rows in a time range (`since` inclusive, `until` exclusive).
    public func entries(since: Date?, until: Date?) throws(StoreError) -> [MailLogEntry] {
        try connection.bridge.wait { try await self.entriesAsync(since: since, until: until) }
    }

    /// The last row's seq and hash, or nil when the log is empty.
    public func head() throws(StoreError) -> (seq: Int64, hash: String)? {
        try connection.bridge.wait { try await self.headAsync() }
    }

    /// Recomputes the chain and checks seals and guards.
    public func verify() throws(StoreError) -> MailLogVerification {
        try connection.bridge.wait(timeout: PostgresBridge.longOperation) { try await self.verifyAsync() }
    }

    /// Verifies, and checks that an exported head is still there unchanged.
    public func verify(expectingHead seq: Int64, hash: String) throws(StoreError) -> MailLogVerification {
        try connection.bridge.wait(timeout: PostgresBridge.longOperation) { try await self.verifyAsync(expectingHead: seq, hash: hash) }
    }

    /// Checks the append-only guards, restoring them (and logging an alert) when they were dropped.
    public func checkGuards(now: Date) throws(StoreError) {
        try connection.bridge.wait(timeout: PostgresBridge.longOperation) { try await self.checkGuardsAsync(now: now) }
    }
}
