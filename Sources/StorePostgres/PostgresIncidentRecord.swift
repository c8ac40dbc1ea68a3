public import FacteurCore
public import FoundationEssentials
import Logging
import PostgresNIO
public import Store

/// Authentication incidents of one workspace on PostgreSQL (one open per side at a time) and each
/// side's last success and failure — ``Store/Incidents`` on the shared database. Gateways that
/// record an incident of the same side at once take turns (an advisory lock per workspace), so
/// the second counts one more occurrence instead of failing on the one-open-per-side index.
///
/// Conforms to the synchronous façade (`IncidentRecord`) through the connection's ``PostgresBridge``: each
/// operation runs as a task on the bridge's own threads while the caller's thread waits.
public struct PostgresIncidentRecord: Sendable {
    /// The store's connection pool.
    public let connection: PostgresStoreConnection
    /// The workspace whose incidents these are.
    public let workspace: WorkspaceID
    /// Seals the mail-log rows of owner notices (nil: unsealed, as without the master key).
    public let sealKey: MailLogSealKey?

    /// The incidents of one workspace.
    public init(connection: PostgresStoreConnection, workspace: WorkspaceID, sealKey: MailLogSealKey?) {
        self.connection = connection
        self.workspace = workspace
        self.sealKey = sealKey
    }

    /// The side's open incident, if any.
    func openAsync(_ side: Side) async throws(StoreError) -> Incident? {
        try await connection.read("read the open \(side.rawValue) incident", """
                SELECT * FROM incidents WHERE workspace = \(workspace.rawValue) AND side = \(side.rawValue) AND resolved_at IS NULL
                """) { rows in
            try rows.first.map(Self.incident(from:))
        }
    }

    /// Every open incident, newest first.
    func allOpenAsync() async throws(StoreError) -> [Incident] {
        try await connection.read("read the open incidents", """
                SELECT * FROM incidents WHERE workspace = \(workspace.rawValue) AND resolved_at IS NULL ORDER BY id DESC
                """) { rows in
            try rows.map(Self.incident(from:))
        }
    }

    /// The latest incidents, open or closed, newest first.
    func allAsync(limit: Int) async throws(StoreError) -> [Incident] {
        try await connection.read("read the incidents", """
                SELECT * FROM incidents WHERE workspace = \(workspace.rawValue) ORDER BY id DESC LIMIT \(limit)
                """) { rows in
            try rows.map(Self.incident(from:))
        }
    }

    /// Opens an incident for a side, or counts one more occurrence of the open one (its summary
    /// and remedy become these); the failure is the side's last.
    /// - Returns: The open incident.
    @discardableResult
    func recordAsync(_ side: Side, summary: String, remedy: String, now: Date) async throws(StoreError) -> Incident {
        try await connection.transaction("record a \(side.rawValue) incident") { db in
            let logger = connection.logger, stamp = Timestamp.format(now)
            try await db.query("SELECT pg_advisory_xact_lock(hashtextextended('facteur incidents ' || \(workspace.rawValue), 0))",
                               logger: logger)
            try await Self.noteFailure(db, workspace, side, error: summary, now: now, logger: logger)
            let updated = try await db.allRows("""
                UPDATE incidents SET last_seen_at = \(stamp), occurrences = occurrences + 1, summary = \(Text.clean(summary)),
                    remedy = \(Text.clean(remedy))
                WHERE workspace = \(workspace.rawValue) AND side = \(side.rawValue) AND resolved_at IS NULL RETURNING *
                """, logger: logger)
            if let open = updated.first { return try Self.incident(from: open) }
            let inserted = try await db.allRows("""
                INSERT INTO incidents (workspace, side, opened_at, summary, remedy, last_seen_at)
                VALUES (\(workspace.rawValue), \(side.rawValue), \(stamp), \(Text.clean(summary)), \(Text.clean(remedy)), \(stamp))
                RETURNING *
                """, logger: logger)
            return try Self.incident(from: inserted[0])
        }
    }

    /// Records the outcome of mailing the owner about an incident, in the incident and the mail log.
    /// - Parameters:
    ///   - incident: The incident.
    ///   - recipient: The owner's address, if configured.
    ///   - reply: The server's reply, if any.
    ///   - error: Nil when the mail was accepted; otherwise why it was not.
    ///   - now: The current time.
    func noteNotificationAsync(_ incident: Incident, recipient: String?, reply: String?, error: String?,
                                 now: Date) async throws(StoreError) {
        try await connection.transaction("record the owner notice of incident #\(incident.id)") { db in
            let logger = connection.logger
            if let error {
                try await db.query("""
                    UPDATE incidents SET notification_error = \(Text.clean(error)) WHERE workspace = \(workspace.rawValue) AND id = \(incident.id)
                    """, logger: logger)
            } else {
                try await db.query("""
                    UPDATE incidents SET notified_at = \(Timestamp.format(now)), notification_error = NULL
                    WHERE workspace = \(workspace.rawValue) AND id = \(incident.id)
                    """, logger: logger)
            }
            try await PostgresMailLogAppend(workspace: workspace, sealKey: sealKey).append(
                db, logger: logger, at: now, event: "notice", message: nil, recipient: recipient,
                outcome: error == nil ? "sent" : "not sent", reply: reply,
                detail: "incident #\(incident.id) (\(incident.side.rawValue)): \(incident.summary)\(error.map { "; \($0)" } ?? "")")
        }
    }

    /// Records a success of the side and resolves its open incident.
    /// - Returns: The incident resolved, if there was one.
    @discardableResult
    func noteSuccessAsync(_ side: Side, now: Date) async throws(StoreError) -> Incident? {
        try await connection.transaction("record a \(side.rawValue) success") { db in
            let logger = connection.logger
            try await Self.noteProgress(db, workspace, side, now: now, logger: logger)
            return try await db.allRows("""
                UPDATE incidents SET resolved_at = \(Timestamp.format(now))
                WHERE workspace = \(workspace.rawValue) AND side = \(side.rawValue) AND resolved_at IS NULL RETURNING *
                """, logger: logger).first.map(Self.incident(from:))
        }
    }

    /// Records that the side answered (its last success) without resolving its incident.
    func noteProgressAsync(_ side: Side, now: Date) async throws(StoreError) {
        try await connection.transaction("record \(side.rawValue) progress") { db in
            try await Self.noteProgress(db, workspace, side, now: now, logger: connection.logger)
        }
    }

    /// Records a failure of the side that does not stop it (retried later).
    func noteFailureAsync(_ side: Side, error: String, now: Date) async throws(StoreError) {
        try await connection.transaction("record a \(side.rawValue) failure") { db in
            try await Self.noteFailure(db, workspace, side, error: error, now: now, logger: connection.logger)
        }
    }

    /// A side's last success and failure.
    func healthAsync(_ side: Side) async throws(StoreError) -> (lastSuccessAt: String?, lastFailureAt: String?, lastError: String?) {
        try await connection.read("read the \(side.rawValue) health", """
                SELECT last_success_at, last_failure_at, last_error FROM side_health
                WHERE workspace = \(workspace.rawValue) AND side = \(side.rawValue)
                """) { rows in
            let row = rows.first
            return (try row?.column("last_success_at", as: String?.self), try row?.column("last_failure_at", as: String?.self),
                    try row?.column("last_error", as: String?.self))
        }
    }

    static func noteProgress(_ db: PostgresConnection, _ workspace: WorkspaceID, _ side: Side, now: Date,
                             logger: Logger) async throws {
        try await db.query("""
            INSERT INTO side_health (workspace, side, last_success_at) VALUES (\(workspace.rawValue), \(side.rawValue), \(Timestamp.format(now)))
            ON CONFLICT (workspace, side) DO UPDATE SET last_success_at = excluded.last_success_at
            """, logger: logger)
    }

    static func noteFailure(_ db: PostgresConnection, _ workspace: WorkspaceID, _ side: Side, error: String, now: Date,
                            logger: Logger) async throws {
        try await db.query("""
            INSERT INTO side_health (workspace, side, last_failure_at, last_error)
            VALUES (\(workspace.rawValue), \(side.rawValue), \(Timestamp.format(now)), \(Text.clean(error)))
            ON CONFLICT (workspace, side) DO UPDATE SET last_failure_at = excluded.last_failure_at, last_error = excluded.last_error
            """, logger: logger)
    }

    static func incident(from row: PostgresRandomAccessRow) throws -> Incident {
        Incident(id: try row.column("id"), side: Side(rawValue: try row.column("side")) ?? .qonto,
                 openedAt: try row.column("opened_at"), resolvedAt: try row.column("resolved_at"),
                 summary: try row.column("summary"), remedy: try row.column("remedy"),
                 notifiedAt: try row.column("notified_at"), notificationError: try row.column("notification_error"))
    }
}

extension PostgresIncidentRecord: IncidentRecord {
    /// The side's open incident, if any.
    public func open(_ side: Side) throws(StoreError) -> Incident? {
        try connection.bridge.wait { try await self.openAsync(side) }
    }

    /// Every open incident, newest first.
    public func allOpen() throws(StoreError) -> [Incident] {
        try connection.bridge.wait { try await self.allOpenAsync() }
    }

    /// The latest incidents, open or closed, newest first.
    public func all(limit: Int) throws(StoreError) -> [Incident] {
        try connection.bridge.wait { try await self.allAsync(limit: limit) }
    }

    /// Opens an incident for a side (or counts one more occurrence of the open one).
    @discardableResult
    public func record(_ side: Side, summary: String, remedy: String, now: Date) throws(StoreError) -> Incident {
        try connection.bridge.wait { try await self.recordAsync(side, summary: summary, remedy: remedy, now: now) }
    }

    /// Records whether the owner was mailed about an incident, in the incident and the mail log.
    public func noteNotification(_ incident: Incident, recipient: String?, reply: String?, error: String?,
                                 now: Date) throws(StoreError) {
        try connection.bridge.wait {
            try await self.noteNotificationAsync(incident, recipient: recipient, reply: reply, error: error, now: now)
        }
    }

    /// Records a success on a side, closing its open incident; returns the incident closed.
    @discardableResult
    public func noteSuccess(_ side: Side, now: Date) throws(StoreError) -> Incident? {
        try connection.bridge.wait { try await self.noteSuccessAsync(side, now: now) }
    }

    /// Records progress on a side without closing an incident.
    public func noteProgress(_ side: Side, now: Date) throws(StoreError) {
        try connection.bridge.wait { try await self.noteProgressAsync(side, now: now) }
    }

    /// Records a failure on a side.
    public func noteFailure(_ side: Side, error: String, now: Date) throws(StoreError) {
        try connection.bridge.wait { try await self.noteFailureAsync(side, error: error, now: now) }
    }

    /// A side's last success and failure.
    public func health(_ side: Side) throws(StoreError) -> (lastSuccessAt: String?, lastFailureAt: String?, lastError: String?) {
        try connection.bridge.wait { try await self.healthAsync(side) }
    }
}
