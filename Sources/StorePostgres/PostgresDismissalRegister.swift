public import FacteurCore
public import FoundationEssentials
import Logging
import PostgresNIO
public import Store

/// What people set aside as "not an invoice" in one workspace, on PostgreSQL — ``Store/Dismissals``
/// on the shared database: each dismissal names the exact version, is written to the mail log in
/// its transaction, and can be undone. Two people dismissing the same version at once from two
/// gateways take turns (an advisory lock per workspace): the second is told it is already dismissed.
///
/// Conforms to the synchronous façade (`DismissalRegister`) through the connection's ``PostgresBridge``: each
/// operation runs as a task on the bridge's own threads while the caller's thread waits.
public struct PostgresDismissalRegister: Sendable {
    /// The store's connection pool.
    public let connection: PostgresStoreConnection
    /// The workspace whose dismissals these are.
    public let workspace: WorkspaceID
    /// Seals the mail-log rows (nil: unsealed, as without the master key).
    public let sealKey: MailLogSealKey?

    /// The dismissals of one workspace.
    public init(connection: PostgresStoreConnection, workspace: WorkspaceID, sealKey: MailLogSealKey?) {
        self.connection = connection
        self.workspace = workspace
        self.sealKey = sealKey
    }

    /// Sets a version of a record aside, with the reason and who did it, and writes it to the mail log.
    /// - Returns: The dismissal.
    /// - Throws: ``StoreError`` `.invalidState` when it is already dismissed.
    @discardableResult
    func dismissAsync(_ subject: Dismissals.Subject, reason: String, by: String, now: Date) async throws(StoreError) -> Dismissal {
        try await connection.transaction("dismiss \(subject.recordType) \(subject.recordID)") { db in
            let logger = connection.logger, space = workspace.rawValue, stamp = Timestamp.format(now)
            try await lock(db)
            if try await Self.active(db, workspace, subject, logger: logger) != nil {
                throw StoreError(.invalidState, "\(subject.recordType) \(subject.recordID) is already dismissed")
            }
            let id = try await db.allRows("""
                INSERT INTO dismissals (workspace, record_type, record_id, content_hash, outbox_id, reason, dismissed_at, dismissed_by)
                VALUES (\(space), \(subject.recordType), \(subject.recordID), \(subject.contentHash), \(subject.outboxID),
                        \(Text.clean(reason)), \(stamp), \(Text.clean(by)))
                RETURNING id
                """, logger: logger)[0].column("id", as: Int64.self)
            let message = try await message(db, id: subject.outboxID)
            try await log.append(db, logger: logger, at: now, event: "dismissed", message: message,
                                 record: (subject.recordType, subject.recordID), outcome: "dismissed",
                                 detail: "\(subject.recordType) \(subject.recordID): \(by): \(reason)")
            return Dismissal(id: id, reason: reason, at: stamp, by: by)
        }
    }

    /// Ends a dismissal (the problem waits for a person again) and writes it to the mail log.
    /// - Returns: The record it covered, as (type, Qonto ID).
    /// - Throws: ``StoreError`` `.notFound` when there is no such active dismissal.
    @discardableResult
    func undoAsync(id: Int64, by: String, now: Date) async throws(StoreError) -> (recordType: String, recordID: String) {
        try await connection.transaction("undo dismissal \(id)") { db in
            let logger = connection.logger
            try await lock(db)
            guard let row = try await db.allRows("""
                UPDATE dismissals SET undone_at = \(Timestamp.format(now))
                WHERE workspace = \(workspace.rawValue) AND id = \(id) AND undone_at IS NULL
                RETURNING record_type, record_id, outbox_id
                """, logger: logger).first else {
                throw StoreError(.notFound, "no active dismissal \(id)")
            }
            let type: String = try row.column("record_type"), recordID: String = try row.column("record_id")
            let message = try await message(db, id: try row.column("outbox_id"))
            try await log.append(db, logger: logger, at: now, event: "undismissed", message: message, record: (type, recordID),
                                 outcome: "waiting", detail: "\(type) \(recordID): \(by): dismissal undone")
            return (type, recordID)
        }
    }

    /// Ends every active dismissal of a record (any version), each written to the mail log.
    /// - Returns: How many ended.
    @discardableResult
    func endAllAsync(recordType: String, recordID: String, by: String, now: Date) async throws(StoreError) -> Int {
        let ids = try await connection.read("read the dismissals of \(recordType) \(recordID)", """
                SELECT id FROM dismissals WHERE workspace = \(workspace.rawValue) AND record_type = \(recordType)
                  AND record_id = \(recordID) AND undone_at IS NULL ORDER BY id
                """) { rows in
            try rows.map { try $0.column("id", as: Int64.self) }
        }
        for id in ids { try await undoAsync(id: id, by: by, now: now) }
        return ids.count
    }

    /// Whether this version of a record is set aside now.
    func isDismissedAsync(recordType: String, recordID: String, contentHash: String) async throws(StoreError) -> Bool {
        try await connection.transaction("check a dismissal") { db in
            let subject = Dismissals.Subject(recordType: recordType, recordID: recordID, contentHash: contentHash, outboxID: nil)
            return try await Self.active(db, workspace, subject, logger: connection.logger) != nil
        }
    }

    /// The dismissals in force, by the version each covers.
    func activeAsync() async throws(StoreError) -> [Dismissals.Subject: Dismissal] {
        try await connection.read("read the dismissals", """
                SELECT * FROM dismissals WHERE workspace = \(workspace.rawValue) AND undone_at IS NULL ORDER BY id
                """) { rows in
            var result: [Dismissals.Subject: Dismissal] = [:]
            for row in rows {
                let subject = Dismissals.Subject(recordType: try row.column("record_type"), recordID: try row.column("record_id"),
                                                 contentHash: try row.column("content_hash"), outboxID: try row.column("outbox_id"))
                result[subject] = Dismissal(id: try row.column("id"), reason: try row.column("reason"),
                                            at: try row.column("dismissed_at"), by: try row.column("dismissed_by"))
            }
            return result
        }
    }

    /// The workspace's mail-log appender.
    private var log: PostgresMailLogAppend { PostgresMailLogAppend(workspace: workspace, sealKey: sealKey) }

    /// Makes dismissals of this workspace take turns until the transaction ends.
    private func lock(_ db: PostgresConnection) async throws {
        try await db.query("SELECT pg_advisory_xact_lock(hashtextextended('facteur dismissals ' || \(workspace.rawValue), 0))",
                           logger: connection.logger)
    }

    /// The outbox message a dismissal concerns, if any.
    private func message(_ db: PostgresConnection, id: Int64?) async throws -> OutboxMessage? {
        guard let id else { return nil }
        return try await db.query("SELECT * FROM outbox WHERE workspace = \(workspace.rawValue) AND id = \(id)",
                                  logger: connection.logger).collect().first.map { try OutboxMessage(postgres: $0) }
    }

    private static func active(_ db: PostgresConnection, _ workspace: WorkspaceID, _ subject: Dismissals.Subject,
                               logger: Logger) async throws -> Int64? {
        try await db.allRows("""
            SELECT id FROM dismissals WHERE workspace = \(workspace.rawValue) AND record_type = \(subject.recordType)
              AND record_id = \(subject.recordID) AND content_hash = \(subject.contentHash) AND undone_at IS NULL
            """, logger: logger).first?.column("id", as: Int64.self)
    }
}

extension PostgresDismissalRegister: DismissalRegister {
    /// Sets a version of a record aside, with the reason and who did it.
    @discardableResult
    public func dismiss(_ subject: Dismissals.Subject, reason: String, by: String, now: Date) throws(StoreError) -> Dismissal {
        try connection.bridge.wait { try await self.dismissAsync(subject, reason: reason, by: by, now: now) }
    }

    /// Ends a dismissal; returns the record it concerned.
    @discardableResult
    public func undo(id: Int64, by: String, now: Date) throws(StoreError) -> (recordType: String, recordID: String) {
        try connection.bridge.wait { try await self.undoAsync(id: id, by: by, now: now) }
    }

    /// Ends every dismissal of a record (a person asked for it again); returns how many.
    @discardableResult
    public func endAll(recordType: String, recordID: String, by: String, now: Date) throws(StoreError) -> Int {
        try connection.bridge.wait { try await self.endAllAsync(recordType: recordType, recordID: recordID, by: by, now: now) }
    }

    /// Whether this version of a record is set aside.
    public func isDismissed(recordType: String, recordID: String, contentHash: String) throws(StoreError) -> Bool {
        try connection.bridge.wait {
            try await self.isDismissedAsync(recordType: recordType, recordID: recordID, contentHash: contentHash)
        }
    }

    /// The dismissals in force, by subject.
    public func active() throws(StoreError) -> [Dismissals.Subject: Dismissal] {
        try connection.bridge.wait { try await self.activeAsync() }
    }
}
