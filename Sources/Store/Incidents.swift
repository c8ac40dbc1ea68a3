public import FacteurCore
public import FoundationEssentials
import GRDB

/// Authentication incidents (one open per side at a time) and each side's last success and failure,
/// as the status page and `facteur status` show them.
public struct Incidents: Sendable {
    /// The database.
    public let database: FacteurDatabase

    /// Creates a view.
    public init(database: FacteurDatabase) {
        self.database = database
    }

    /// The side's open incident, if any.
    public func open(_ side: Side) throws(StoreError) -> Incident? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM incidents WHERE side = ? AND resolved_at IS NULL", arguments: [side.rawValue])
                .map(Self.incident(from:))
        }
    }

    /// Every open incident, newest first.
    public func allOpen() throws(StoreError) -> [Incident] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM incidents WHERE resolved_at IS NULL ORDER BY id DESC").map(Self.incident(from:))
        }
    }

    /// Every incident, newest first (for the record).
    public func all(limit: Int = 100) throws(StoreError) -> [Incident] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM incidents ORDER BY id DESC LIMIT ?", arguments: [limit]).map(Self.incident(from:))
        }
    }

    /// Opens an incident for the side, or counts one more occurrence of the open one.
    /// - Returns: The open incident.
    @discardableResult
    public func record(_ side: Side, summary: String, remedy: String, now: Date) throws(StoreError) -> Incident {
        try database.write { db in
            let stamp = Timestamp.format(now)
            try Self.noteFailure(db, side, error: summary, now: now)
            if let open = try Row.fetchOne(db, sql: "SELECT * FROM incidents WHERE side = ? AND resolved_at IS NULL",
                                           arguments: [side.rawValue]) {
                try db.execute(sql: """
                    UPDATE incidents SET last_seen_at = ?, occurrences = occurrences + 1, summary = ?, remedy = ? WHERE id = ?
                    """, arguments: [stamp, summary, remedy, open["id"] as Int64])
                return try Self.incident(from: Row.fetchOne(db, sql: "SELECT * FROM incidents WHERE id = ?", arguments: [open["id"] as Int64])!)
            }
            try db.execute(sql: """
                INSERT INTO incidents (side, opened_at, summary, remedy, last_seen_at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [side.rawValue, stamp, summary, remedy, stamp])
            return try Self.incident(from: Row.fetchOne(db, sql: "SELECT * FROM incidents WHERE id = ?", arguments: [db.lastInsertedRowID])!)
        }
    }

    /// Records the outcome of mailing the owner about an incident, in the incident and the mail log.
    /// - Parameters:
    ///   - incident: The incident.
    ///   - recipient: The owner's address, if configured.
    ///   - reply: The server's reply, if any.
    ///   - error: Nil when the mail was accepted; otherwise why it was not.
    ///   - now: The current time.
    public func noteNotification(_ incident: Incident, recipient: String?, reply: String?, error: String?,
                                 now: Date) throws(StoreError) {
        try database.write { db in
            if let error {
                try db.execute(sql: "UPDATE incidents SET notification_error = ? WHERE id = ?", arguments: [error, incident.id])
            } else {
                try db.execute(sql: "UPDATE incidents SET notified_at = ?, notification_error = NULL WHERE id = ?",
                               arguments: [Timestamp.format(now), incident.id])
            }
            try MailLog.append(db, at: now, event: "notice", message: nil, recipient: recipient,
                               outcome: error == nil ? "sent" : "not sent", reply: reply,
                               detail: "incident #\(incident.id) (\(incident.side.rawValue)): \(incident.summary)\(error.map { "; \($0)" } ?? "")")
        }
    }

    /// Records a success of the side and resolves its open incident.
    /// - Returns: The incident resolved, if there was one.
    @discardableResult
    public func noteSuccess(_ side: Side, now: Date) throws(StoreError) -> Incident? {
        try database.write { db in
            let stamp = Timestamp.format(now)
            try Self.noteProgress(db, side, now: now)
            guard let open = try Row.fetchOne(db, sql: "SELECT * FROM incidents WHERE side = ? AND resolved_at IS NULL",
                                              arguments: [side.rawValue]) else { return nil }
            try db.execute(sql: "UPDATE incidents SET resolved_at = ? WHERE id = ?", arguments: [stamp, open["id"] as Int64])
            var incident = Self.incident(from: open)
            incident.resolvedAt = stamp
            return incident
        }
    }

    /// Records that the side answered (its last success) without resolving its incident: a part
    /// of a run that may still fail, such as one committed polling window.
    public func noteProgress(_ side: Side, now: Date) throws(StoreError) {
        try database.write { db in try Self.noteProgress(db, side, now: now) }
    }

    static func noteProgress(_ db: Database, _ side: Side, now: Date) throws {
        try db.execute(sql: """
            INSERT INTO side_health (side, last_success_at) VALUES (?, ?)
            ON CONFLICT(side) DO UPDATE SET last_success_at = excluded.last_success_at
            """, arguments: [side.rawValue, Timestamp.format(now)])
    }

    /// Records a failure of the side that does not stop it (retried later).
    public func noteFailure(_ side: Side, error: String, now: Date) throws(StoreError) {
        try database.write { db in try Self.noteFailure(db, side, error: error, now: now) }
    }

    /// The side's last success and failure.
    public func health(_ side: Side) throws(StoreError) -> (lastSuccessAt: String?, lastFailureAt: String?, lastError: String?) {
        try database.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT * FROM side_health WHERE side = ?", arguments: [side.rawValue])
            return (row?["last_success_at"], row?["last_failure_at"], row?["last_error"])
        }
    }

    static func noteFailure(_ db: Database, _ side: Side, error: String, now: Date) throws {
        try db.execute(sql: """
            INSERT INTO side_health (side, last_failure_at, last_error) VALUES (?, ?, ?)
            ON CONFLICT(side) DO UPDATE SET last_failure_at = excluded.last_failure_at, last_error = excluded.last_error
            """, arguments: [side.rawValue, Timestamp.format(now), error])
    }

    static func incident(from row: Row) -> Incident {
        Incident(id: row["id"], side: Side(rawValue: row["side"]) ?? .qonto, openedAt: row["opened_at"],
                 resolvedAt: row["resolved_at"], summary: row["summary"], remedy: row["remedy"],
                 notifiedAt: row["notified_at"], notificationError: row["notification_error"])
    }
}
