public import FoundationEssentials
public import FacteurCore
import GRDB

/// One version of a Qonto record as Facteur disposed of it in a polling window.
public struct QontoRecord: Sendable, Hashable, Codable {
    /// `supplier_invoice` or `client_invoice`.
    public var recordType: String
    /// The Qonto ID.
    public var recordID: String
    /// Identifies this version (file, amount, number, counterparty).
    public var contentHash: String
    /// Qonto's `updated_at` (Timestamp format).
    public var updatedAt: String
    /// `forwarded` (queued in the outbox) or `held` (kept for a person, with the reason).
    public var disposition: String
    /// Why it is held.
    public var reason: String?
    /// SHA-256 of the downloaded file.
    public var attachmentSHA256: String?
    /// Where a held file was kept (relative to the data directory).
    public var heldFile: String?
    /// The record as Qonto sent it.
    public var rawJSON: String
    /// Whether the hold may clear by itself (a file not there yet, a download that failed): the
    /// record is examined again whenever it is listed, instead of being skipped as handled.
    public var retryable: Bool = false
    /// The directory entry the counterparty resolved to (nil: none, or a new counterparty).
    public var counterpartyID: String?
    /// The match score, in points.
    public var matchScore: Double?
    /// The one-line explanation of the match decision.
    public var matchExplanation: String?
    /// What Facteur decided (stored as its code in `reason_code`); `nil` for a row written before
    /// codes were stored whose sentence says nothing unambiguous: show ``reason`` or
    /// ``matchExplanation``, decide nothing from them. Not part of the Codable form.
    public var decision: InvoiceDecision?

    /// Creates a record row.
    public init(recordType: String, recordID: String, contentHash: String, updatedAt: String, disposition: String,
                reason: String? = nil, attachmentSHA256: String? = nil, heldFile: String? = nil, rawJSON: String,
                retryable: Bool = false) {
        self.recordType = recordType
        self.recordID = recordID
        self.contentHash = contentHash
        self.updatedAt = updatedAt
        self.disposition = disposition
        self.reason = reason
        self.attachmentSHA256 = attachmentSHA256
        self.heldFile = heldFile
        self.rawJSON = rawJSON
        self.retryable = retryable
    }

    enum CodingKeys: String, CodingKey {
        case recordType = "record_type", recordID = "record_id", contentHash = "content_hash", updatedAt = "updated_at"
        case disposition, reason, attachmentSHA256 = "attachment_sha256", heldFile = "held_file", rawJSON = "raw_json"
        case retryable, counterpartyID = "counterparty_id", matchScore = "match_score", matchExplanation = "match_explanation"
    }
}

/// The Qonto records seen, and the end-of-window commit that makes a polling window's effects durable
/// all at once: queued messages, record rows and the advanced sync marker, in one transaction.
public struct QontoRecords: Sendable {
    /// The database.
    public let database: FacteurDatabase
    /// The workspace the database belongs to: the keys this view builds (``RecordKey``) carry it.
    public let workspace: WorkspaceID

    /// Creates a view.
    /// - Parameters:
    ///   - database: the workspace's database.
    ///   - workspace: its name (``WorkspaceID/default`` for a single-company data directory).
    public init(database: FacteurDatabase, workspace: WorkspaceID = .default) {
        self.database = database
        self.workspace = workspace
    }

    /// Whether this version of the record was already handled for good (forwarded, or held for a
    /// reason that only a change of the record can clear). Retryable holds are examined again.
    public func contains(_ key: RecordKey, contentHash: String) throws(StoreError) -> Bool {
        try database.read { db in
            try Bool.fetchOne(db, sql: """
                SELECT 1 FROM qonto_records WHERE record_type = ? AND record_id = ? AND content_hash = ? AND retryable = 0
                """, arguments: [key.recordType, key.id, contentHash]) ?? false
        }
    }

    /// Held records, newest first.
    public func held() throws(StoreError) -> [QontoRecord] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM qonto_records WHERE disposition = 'held' ORDER BY seen_at DESC")
                .map(Self.record(from:))
        }
    }

    /// Counts by disposition.
    public func counts() throws(StoreError) -> [String: Int] {
        try database.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT disposition, COUNT(*) AS n FROM qonto_records GROUP BY disposition") {
                counts[row["disposition"]] = row["n"]
            }
            return counts
        }
    }

    /// What ``commitWindow(forwarded:held:marker:retried:learned:now:)`` did.
    public struct CommitResult: Sendable, Hashable {
        /// Newly queued messages.
        public var queued = 0
        /// Newly queued updates of earlier messages (changed content).
        public var updated = 0
        /// Versions already queued before (a window redone after a crash, an overlap).
        public var duplicates = 0
        /// Newly held records.
        public var held = 0
        /// New messages queued `held` for a person's review (matching or a likely ledger duplicate).
        public var heldForReview = 0

        /// Nothing committed yet (either engine counts up from here).
        public init() {}
    }

    /// Commits a window in one transaction: enqueues the forwarded messages (idempotently), records
    /// every record version, and sets the marker. Nothing is visible until it all is.
    /// - Parameters:
    ///   - forwarded: Composed messages with their record rows (any sequence, so a window can hand
    ///     over its items without copying them into a new array).
    ///   - held: Records kept for a person.
    ///   - marker: The settings key and value to store (the window's upper bound).
    ///   - now: The current time.
    ///   - retried: Records whose requested retry this window carried out (the request is cleared).
    ///   - learned: New counterparties the window forwarded invoices of, added to the directory in
    ///     the same transaction (so the next window matches on them, whenever the mail goes out).
    public func commitWindow(forwarded: some Sequence<(NewOutboxMessage, QontoRecord)>, held: [QontoRecord],
                             marker: (key: String, value: String)?, retried: [RecordKey] = [],
                             learned: [Counterparty] = [], now: Date) throws(StoreError) -> CommitResult {
        try database.write { db in
            var result = CommitResult()
            try CounterpartyDirectory.upsert(db, learned, now: now)
            for (message, record) in forwarded {
                let outcome = try OutboxRepository.enqueue(db, message, now: now)
                switch outcome {
                case .queued(let queued) where queued.state == .held, .updated(let queued, _) where queued.state == .held:
                    result.heldForReview += 1
                case .queued: result.queued += 1
                case .updated: result.updated += 1
                case .duplicate: result.duplicates += 1
                }
                try insert(db, record, outboxID: outcome.message.id, now: now)
            }
            for record in held {
                let before = try Row.fetchOne(db, sql: """
                    SELECT reason, retry_requested_at FROM qonto_records WHERE record_type = ? AND record_id = ? AND content_hash = ?
                    """, arguments: [record.recordType, record.recordID, record.contentHash])
                guard try insert(db, record, outboxID: nil, now: now) else { continue }
                // A retryable hold examined again for the same reason is not news: no new log row.
                if let before, before["retry_requested_at"] == nil as String?, before["reason"] == record.reason { continue }
                result.held += 1
                try MailLog.append(db, at: now, event: "held", message: nil, record: (record.recordType, record.recordID),
                                   outcome: "held", detail: "\(record.recordType) \(record.recordID): \(record.reason ?? "")")
            }
            if let marker { try Settings.set(db, marker.key, marker.value, now: now) }
            for record in retried {
                try db.execute(sql: "UPDATE qonto_records SET retry_requested_at = NULL WHERE record_type = ? AND record_id = ?",
                               arguments: [record.recordType, record.id])
            }
            return result
        }
    }

    /// Inserts a version, or replaces a retryable hold of the same version (it was examined again).
    /// - Returns: Whether a row was written.
    @discardableResult
    private func insert(_ db: Database, _ record: QontoRecord, outboxID: Int64?, now: Date) throws -> Bool {
        try db.execute(sql: """
            INSERT INTO qonto_records (record_type, record_id, content_hash, updated_at, seen_at, disposition,
                reason, attachment_sha256, held_file, outbox_id, retryable, raw_json, counterparty_id, match_score,
                match_explanation, reason_code)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (record_type, record_id, content_hash) DO UPDATE SET
                updated_at = excluded.updated_at, seen_at = excluded.seen_at, disposition = excluded.disposition,
                reason = excluded.reason, attachment_sha256 = excluded.attachment_sha256, held_file = excluded.held_file,
                outbox_id = excluded.outbox_id, retryable = excluded.retryable, raw_json = excluded.raw_json,
                counterparty_id = excluded.counterparty_id, match_score = excluded.match_score,
                match_explanation = excluded.match_explanation, reason_code = excluded.reason_code, retry_requested_at = NULL
            WHERE qonto_records.retryable = 1 OR qonto_records.retry_requested_at IS NOT NULL
            """, arguments: [record.recordType, record.recordID, record.contentHash, record.updatedAt, Timestamp.format(now),
                             record.disposition, record.reason, record.attachmentSHA256, record.heldFile, outboxID,
                             record.retryable, record.rawJSON, record.counterpartyID, record.matchScore,
                             record.matchExplanation, record.decision?.code])
        return db.changesCount == 1
    }

    static func record(from row: Row) -> QontoRecord {
        var record = QontoRecord(recordType: row["record_type"], recordID: row["record_id"], contentHash: row["content_hash"],
                                 updatedAt: row["updated_at"], disposition: row["disposition"], reason: row["reason"],
                                 attachmentSHA256: row["attachment_sha256"], heldFile: row["held_file"], rawJSON: row["raw_json"],
                                 retryable: row["retryable"])
        record.counterpartyID = row["counterparty_id"]
        record.matchScore = row["match_score"]
        record.matchExplanation = row["match_explanation"]
        record.decision = (row["reason_code"] as String?).flatMap { InvoiceDecision(code: $0, counterpartyID: record.counterpartyID) }
        return record
    }
}

extension QontoRecords {
    /// The latest version seen of a record, if any (an index lookup: it runs once per sent message).
    public func latest(recordType: String, recordID: String) throws(StoreError) -> QontoRecord? {
        try database.read { db in
            try Row.fetchOne(db.cachedStatement(sql: """
                SELECT * FROM qonto_records WHERE record_type = ? AND record_id = ? ORDER BY seen_at DESC LIMIT 1
                """), arguments: [recordType, recordID]).map(Self.record(from:))
        }
    }

    /// Records of one type Facteur forwarded, with this file or for one of these counterparties:
    /// what a new record may be a second upload of.
    public func forwarded(recordType: String, sha256: String?, counterpartyIDs: [String]) throws(StoreError) -> [QontoRecord] {
        try database.read { db in
            var clauses: [String] = []
            var arguments: [(any DatabaseValueConvertible)?] = [recordType]
            if let sha256 {
                clauses.append("attachment_sha256 = ?")
                arguments.append(sha256)
            }
            if !counterpartyIDs.isEmpty {
                clauses.append("counterparty_id IN (\(Array(repeating: "?", count: counterpartyIDs.count).joined(separator: ", ")))")
                arguments += counterpartyIDs.map { $0 }
            }
            guard !clauses.isEmpty else { return [] }
            return try Row.fetchAll(db, sql: """
                SELECT * FROM qonto_records WHERE record_type = ? AND disposition = 'forwarded' AND (\(clauses.joined(separator: " OR ")))
                """, arguments: StatementArguments(arguments)).map(Self.record(from:))
        }
    }

    /// One version of a record, by its content hash (the version an outbox message was composed
    /// from), if it was seen.
    public func version(recordType: String, recordID: String, contentHash: String) throws(StoreError) -> QontoRecord? {
        try database.read { db in
            try Row.fetchOne(db, sql: """
                SELECT * FROM qonto_records WHERE record_type = ? AND record_id = ? AND content_hash = ?
                ORDER BY seen_at DESC LIMIT 1
                """, arguments: [recordType, recordID, contentHash]).map(Self.record(from:))
        }
    }

    /// How many distinct records have been seen.
    public func recordCount() throws(StoreError) -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT record_id) FROM qonto_records") ?? 0 }
    }
}
