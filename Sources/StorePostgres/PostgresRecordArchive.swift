public import FacteurCore
import FoundationEssentials
import Logging
import PostgresNIO
public import Store

/// The Qonto records one workspace has seen, on PostgreSQL, and the end-of-window commit that
/// makes a polling window durable all at once — ``Store/QontoRecords`` on the shared database.
///
/// One poller runs per workspace across processes (``PostgresWorkspaceStore/lock(for:)``), so windows of one
/// workspace never interleave; the enqueues inside a window still take each record's lock, since
/// a person's resend or forward may run in another gateway at the same time.
///
/// Conforms to the synchronous façade (`RecordArchive`) through the connection's ``PostgresBridge``: each
/// operation runs as a task on the bridge's own threads while the caller's thread waits.
public struct PostgresRecordArchive: Sendable {
    /// The store's connection pool.
    public let connection: PostgresStoreConnection
    /// The workspace whose records these are (the keys this view builds carry it).
    public let workspace: WorkspaceID
    /// Seals the mail-log rows (nil: unsealed, as without the master key).
    public let sealKey: MailLogSealKey?

    /// The records of one workspace.
    public init(connection: PostgresStoreConnection, workspace: WorkspaceID, sealKey: MailLogSealKey?) {
        self.connection = connection
        self.workspace = workspace
        self.sealKey = sealKey
    }

    /// Commits a window in one transaction: learned counterparties, the forwarded messages
    /// (enqueued idempotently, each with its mail-log row) and their record rows, the held
    /// records, the marker and the cleared retry requests. Nothing is visible until it all is.
    /// - Parameters:
    ///   - forwarded: Composed messages with their record rows.
    ///   - held: Records kept for a person.
    ///   - marker: The settings key and value to store (the window's upper bound).
    ///   - retried: Records whose requested retry this window carried out (the request is cleared).
    ///   - learned: New counterparties the window forwarded invoices of.
    ///   - now: The current time.
    /// - Returns: What was queued, updated, found already queued, held.
    func commitWindowAsync(forwarded: some Sequence<(NewOutboxMessage, QontoRecord)>, held: [QontoRecord],
                             marker: (key: String, value: String)?, retried: [RecordKey] = [],
                             learned: [Counterparty] = [], now: Date) async throws(StoreError) -> QontoRecords.CommitResult {
        let forwarded = Array(forwarded)  // read once, whatever sequence the caller hands over
        return try await connection.transaction("commit a polling window") { db in
            let logger = connection.logger, space = workspace.rawValue
            var result = QontoRecords.CommitResult()
            let outbox = PostgresOutboxQueue(connection: connection, workspace: workspace, sealKey: sealKey)
            try await PostgresCounterpartyBook.upsert(db, workspace, learned, now: now, logger: logger)
            // Every record's lock first, in one order: the first enqueue takes the mail log's lock,
            // and nothing may wait for a record's lock while holding it.
            try await outbox.lockRecords(on: db, forwarded.map(\.0))
            // Then the log's lock, before any held record's row is written: requestRetry takes the
            // log lock and then a held record's row, so a window writing that row first could
            // deadlock with a Retry pressed meanwhile (PostgreSQL would abort one of the two).
            let log = PostgresMailLogAppend(workspace: workspace, sealKey: sealKey)
            try await db.query("SELECT pg_advisory_xact_lock(hashtextextended(\(log.lockKey), 0))", logger: logger)
            try await checkPollLockStillHeld(db)
            for (message, record) in forwarded {
                let outcome = try await outbox.enqueue(on: db, message, now: now)
                switch outcome {
                case .queued(let queued) where queued.state == .held, .updated(let queued, _) where queued.state == .held:
                    result.heldForReview += 1
                case .queued: result.queued += 1
                case .updated: result.updated += 1
                case .duplicate: result.duplicates += 1
                }
                try await insert(db, record, outboxID: outcome.message.id, now: now)
            }
            for record in held {
                let before = try await db.allRows("""
                    SELECT reason, retry_requested_at FROM qonto_records WHERE workspace = \(space)
                      AND record_type = \(record.recordType) AND record_id = \(record.recordID) AND content_hash = \(record.contentHash)
                    """, logger: logger).first
                guard try await insert(db, record, outboxID: nil, now: now) else { continue }
                // A retryable hold examined again for the same reason is not news: no new log row.
                if let before, try before.column("retry_requested_at", as: String?.self) == nil,
                   try before.column("reason", as: String?.self) == record.reason { continue }
                result.held += 1
                try await PostgresMailLogAppend(workspace: workspace, sealKey: sealKey).append(
                    db, logger: logger, at: now, event: "held", message: nil, record: (record.recordType, record.recordID),
                    outcome: "held", detail: "\(record.recordType) \(record.recordID): \(record.reason ?? "")")
            }
            if let marker { try await PostgresSettingStore.set(db, workspace, marker.key, marker.value, now: now, logger: logger) }
            for record in retried {
                try await db.query("""
                    UPDATE qonto_records SET retry_requested_at = NULL
                    WHERE workspace = \(space) AND record_type = \(record.recordType) AND record_id = \(record.id)
                    """, logger: logger)
            }
            return result
        }
    }

    /// Inserts a version, or replaces a retryable hold of the same version (it was examined again).
    /// - Returns: Whether a row was written.
    @discardableResult
    private func insert(_ db: PostgresConnection, _ record: QontoRecord, outboxID: Int64?, now: Date) async throws -> Bool {
        try await !db.allRows("""
            INSERT INTO qonto_records (workspace, record_type, record_id, content_hash, updated_at, seen_at, disposition,
                reason, attachment_sha256, held_file, outbox_id, retryable, raw_json, counterparty_id, match_score,
                match_explanation, reason_code)
            VALUES (\(workspace.rawValue), \(record.recordType), \(record.recordID), \(record.contentHash), \(record.updatedAt),
                    \(Timestamp.format(now)), \(record.disposition), \(Text.clean(optional: record.reason)), \(record.attachmentSHA256),
                    \(record.heldFile), \(outboxID), \(record.retryable), \(Text.clean(record.rawJSON)), \(record.counterpartyID),
                    \(record.matchScore), \(Text.clean(optional: record.matchExplanation)), \(record.decision?.code))
            ON CONFLICT (workspace, record_type, record_id, content_hash) DO UPDATE SET
                updated_at = excluded.updated_at, seen_at = excluded.seen_at, disposition = excluded.disposition,
                reason = excluded.reason, attachment_sha256 = excluded.attachment_sha256, held_file = excluded.held_file,
                outbox_id = excluded.outbox_id, retryable = excluded.retryable, raw_json = excluded.raw_json,
                counterparty_id = excluded.counterparty_id, match_score = excluded.match_score,
                match_explanation = excluded.match_explanation, reason_code = excluded.reason_code, retry_requested_at = NULL
            WHERE qonto_records.retryable OR qonto_records.retry_requested_at IS NOT NULL
            RETURNING 1
            """, logger: connection.logger).isEmpty
    }

    /// Whether this version of a record was already handled for good (forwarded, or held for a
    /// reason only a change of the record can clear); retryable holds are examined again.
    func containsAsync(_ key: RecordKey, contentHash: String) async throws(StoreError) -> Bool {
        try await connection.read("look a record version up", """
                SELECT 1 FROM qonto_records WHERE workspace = \(workspace.rawValue) AND record_type = \(key.recordType)
                  AND record_id = \(key.id) AND content_hash = \(contentHash) AND NOT retryable
                """) { rows in
            !rows.isEmpty
        }
    }

    /// One version of a record, if it was seen.
    func versionAsync(recordType: String, recordID: String, contentHash: String) async throws(StoreError) -> QontoRecord? {
        try await connection.read("read a record version", """
                SELECT * FROM qonto_records WHERE workspace = \(workspace.rawValue) AND record_type = \(recordType)
                  AND record_id = \(recordID) AND content_hash = \(contentHash) ORDER BY seen_at DESC LIMIT 1
                """) { rows in
            try rows.first.map(Self.record(from:))
        }
    }

    /// Records of one type forwarded with this file or for one of these counterparties (what a new
    /// record may be a second upload of).
    func forwardedAsync(recordType: String, sha256: String?, counterpartyIDs: [String]) async throws(StoreError) -> [QontoRecord] {
        guard sha256 != nil || !counterpartyIDs.isEmpty else { return [] }
        return try await connection.read("read forwarded records", """
                SELECT * FROM qonto_records WHERE workspace = \(workspace.rawValue) AND record_type = \(recordType)
                  AND disposition = 'forwarded'
                  AND ((\(sha256)::text IS NOT NULL AND attachment_sha256 = \(sha256)) OR counterparty_id = ANY(\(counterpartyIDs)))
                """) { rows in
            try rows.map(Self.record(from:))
        }
    }

    /// A row of `qonto_records`.
    static func record(from row: PostgresRandomAccessRow) throws -> QontoRecord {
        var record = QontoRecord(recordType: try row.column("record_type"), recordID: try row.column("record_id"),
                                 contentHash: try row.column("content_hash"), updatedAt: try row.column("updated_at"),
                                 disposition: try row.column("disposition"), reason: try row.column("reason"),
                                 attachmentSHA256: try row.column("attachment_sha256"), heldFile: try row.column("held_file"),
                                 rawJSON: try row.column("raw_json"), retryable: try row.column("retryable"))
        record.counterpartyID = try row.column("counterparty_id")
        record.matchScore = try row.column("match_score")
        record.matchExplanation = try row.column("match_explanation")
        record.decision = try row.column("reason_code", as: String?.self)
            .flatMap { InvoiceDecision(code: $0, counterpartyID: record.counterpartyID) }
        return record
    }

    /// The key of a stored row, in this view's workspace; nil for a row no Facteur could have written.
    func key(of row: PostgresRandomAccessRow) throws -> RecordKey? {
        RecordKey(workspace: workspace, recordType: try row.column("record_type"), recordID: try row.column("record_id"))
    }

    /// Refuses the commit when this process took the workspace's poll lock and has lost it since
    /// (a PostgreSQL restart or a dropped connection ends the session that held it, and pollers do
    /// not notice): another process may have polled meanwhile and committed a later version of a
    /// record this window read earlier, which would then go out after it as an update. The window
    /// is read again at the next poll, from the marker as it now stands.
    func checkPollLockStillHeld(_ db: PostgresConnection) async throws {
        guard let pid = connection.pollSession.holder(of: workspace) else { return }
        let held = try await db.query("""
            SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = \(pid)
              AND ((classid::bigint << 32) | objid::bigint) = hashtextextended(\(PostgresPollSession.lockKey(workspace)), 0))
            """, logger: connection.logger).collect().first?.decode(Bool.self) ?? false
        guard held else {
            throw StoreError(.locked, "this gateway process lost the poll lock of workspace \(workspace) (PostgreSQL restarted "
                             + "or the lock's connection dropped): the window is not committed; it is read again at the next poll")
        }
    }
}
