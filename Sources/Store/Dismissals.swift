public import FacteurCore
public import FoundationEssentials
import GRDB

/// Problems a person set aside as not an invoice (a Document Review item, an XML file): each names
/// the exact version it covers, is written to the mail log, and can be undone.
///
/// A dismissal hides nothing from the record: the status page lists dismissed problems apart, the
/// mail log holds a `dismissed` row (and an `undismissed` one on undo), and a new version of the
/// record (other content) waits for a person again.
public struct Dismissals: Sendable {
    /// The database.
    public let database: FacteurDatabase

    /// Creates a view.
    public init(database: FacteurDatabase) {
        self.database = database
    }

    /// What a dismissal covers: one version of one record, and its message when there is one.
    public struct Subject: Sendable, Hashable {
        /// `supplier_invoice` or `client_invoice`.
        public var recordType: String
        /// The Qonto ID.
        public var recordID: String
        /// The version.
        public var contentHash: String
        /// The outbox message, for a message problem.
        public var outboxID: Int64?

        /// Creates a subject.
        public init(recordType: String, recordID: String, contentHash: String, outboxID: Int64?) {
            self.recordType = recordType
            self.recordID = recordID
            self.contentHash = contentHash
            self.outboxID = outboxID
        }
    }

    /// Dismisses a problem and writes it to the mail log, in one transaction.
    /// - Returns: The dismissal.
    /// - Throws: ``StoreError`` `.invalidState` when it is already dismissed.
    @discardableResult
    public func dismiss(_ subject: Subject, reason: String, by: String, now: Date) throws(StoreError) -> Dismissal {
        try database.write { db in
            if try Self.active(db, subject) != nil {
                throw StoreError(.invalidState, "\(subject.recordType) \(subject.recordID) is already dismissed")
            }
            let stamp = Timestamp.format(now)
            try db.execute(sql: """
                INSERT INTO dismissals (record_type, record_id, content_hash, outbox_id, reason, dismissed_at, dismissed_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [subject.recordType, subject.recordID, subject.contentHash, subject.outboxID, reason, stamp, by])
            let id = db.lastInsertedRowID
            let message = try subject.outboxID.flatMap { id in
                try Row.fetchOne(db, sql: "SELECT * FROM outbox WHERE id = ?", arguments: [id]).map(OutboxMessage.init(row:))
            }
            try MailLog.append(db, at: now, event: "dismissed", message: message, record: (subject.recordType, subject.recordID),
                               outcome: "dismissed", detail: "\(subject.recordType) \(subject.recordID): \(by): \(reason)")
            return Dismissal(id: id, reason: reason, at: stamp, by: by)
        }
    }

    /// Undoes a dismissal (the problem waits for a person again) and writes it to the mail log.
    /// - Returns: The record it covered, as (type, Qonto ID).
    /// - Throws: ``StoreError`` `.notFound` when there is no such active dismissal.
    @discardableResult
    public func undo(id: Int64, by: String, now: Date) throws(StoreError) -> (recordType: String, recordID: String) {
        try database.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM dismissals WHERE id = ? AND undone_at IS NULL",
                                             arguments: [id]) else {
                throw StoreError(.notFound, "no active dismissal \(id)")
            }
            try db.execute(sql: "UPDATE dismissals SET undone_at = ? WHERE id = ?", arguments: [Timestamp.format(now), id])
            let type: String = row["record_type"], recordID: String = row["record_id"]
            let outboxID: Int64? = row["outbox_id"]
            let message = try outboxID.flatMap { id in
                try Row.fetchOne(db, sql: "SELECT * FROM outbox WHERE id = ?", arguments: [id]).map(OutboxMessage.init(row:))
            }
            try MailLog.append(db, at: now, event: "undismissed", message: message, record: (type, recordID),
                               outcome: "waiting", detail: "\(type) \(recordID): \(by): dismissal undone")
            return (type, recordID)
        }
    }

    /// Ends every active dismissal of a record (any version), as when a person resends or releases
    /// it after all: it is no longer set aside, and if it fails again it waits for a person. Each
    /// end is written to the mail log.
    /// - Returns: How many dismissals ended.
    @discardableResult
    public func endAll(recordType: String, recordID: String, by: String, now: Date) throws(StoreError) -> Int {
        let ids = try database.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM dismissals WHERE record_type = ? AND record_id = ? AND undone_at IS NULL",
                               arguments: [recordType, recordID])
        }
        for id in ids { try undo(id: id, by: by, now: now) }
        return ids.count
    }

    /// Whether a version of a record is dismissed now.
    public func isDismissed(recordType: String, recordID: String, contentHash: String) throws(StoreError) -> Bool {
        try database.read { db in try Self.active(db, Subject(recordType: recordType, recordID: recordID, contentHash: contentHash, outboxID: nil)) != nil }
    }

    /// Every active dismissal, by the version it covers.
    public func active() throws(StoreError) -> [Subject: Dismissal] {
        try database.read { db in
            var result: [Subject: Dismissal] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM dismissals WHERE undone_at IS NULL ORDER BY id") {
                let subject = Subject(recordType: row["record_type"], recordID: row["record_id"],
                                      contentHash: row["content_hash"], outboxID: row["outbox_id"])
                result[subject] = Dismissal(id: row["id"], reason: row["reason"], at: row["dismissed_at"], by: row["dismissed_by"])
            }
            return result
        }
    }

    private static func active(_ db: Database, _ subject: Subject) throws -> Int64? {
        try Int64.fetchOne(db, sql: """
            SELECT id FROM dismissals WHERE record_type = ? AND record_id = ? AND content_hash = ? AND undone_at IS NULL
            """, arguments: [subject.recordType, subject.recordID, subject.contentHash])
    }
}
