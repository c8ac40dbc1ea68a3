import FacteurCore
import FoundationEssentials
import PostgresNIO
import Store

/// Held records waiting for a person, the retries people ask for, and the retryable holds the
/// poller examines again by itself — ``Store/QontoRecords`` `+Pending` on PostgreSQL.
extension PostgresRecordArchive {
    /// Held records whose latest version is still held, newest first (at most `limit`).
    func pendingAsync(limit: Int) async throws(StoreError) -> [QontoRecords.Pending] {
        try await connection.read("read the held records", """
                SELECT r.*, \(unescaped: Self.factColumns("r")) FROM qonto_records AS r \(unescaped: Self.factJoin("r"))
                WHERE r.workspace = \(workspace.rawValue) AND r.disposition = 'held'
                  AND NOT EXISTS (SELECT 1 FROM qonto_records AS later WHERE later.workspace = r.workspace
                                  AND later.record_type = r.record_type AND later.record_id = r.record_id AND later.seen_at > r.seen_at)
                ORDER BY r.seen_at DESC LIMIT \(limit)
                """) { rows in
            try rows.map { row in
                QontoRecords.Pending(record: try Self.record(from: row), seenAt: try row.column("seen_at"),
                                     retryRequestedAt: try row.column("retry_requested_at"), facts: try Self.facts(from: row))
            }
        }
    }

    /// Asks for a held record to be fetched and examined again at the next window, and logs it.
    /// - Parameter requestedBy: Who asked (logged), e.g. "Retry on the status page".
    /// - Returns: Whether a held version of that record exists.
    func requestRetryAsync(recordType: String, recordID: String, requestedBy: String, now: Date) async throws(StoreError) -> Bool {
        try await connection.transaction("ask for a retry of \(recordType) \(recordID)") { db in
            // The log's lock before the rows': a window commit holds it while it writes these rows.
            let log = PostgresMailLogAppend(workspace: workspace, sealKey: sealKey)
            try await db.query("SELECT pg_advisory_xact_lock(hashtextextended(\(log.lockKey), 0))", logger: connection.logger)
            let changed = try await db.allRows("""
                UPDATE qonto_records SET retry_requested_at = \(Timestamp.format(now))
                WHERE workspace = \(workspace.rawValue) AND record_type = \(recordType) AND record_id = \(recordID)
                  AND disposition = 'held'
                RETURNING 1
                """, logger: connection.logger)
            guard !changed.isEmpty else { return false }
            try await log.append(
                db, logger: connection.logger, at: now, event: "retry", message: nil, record: (recordType, recordID),
                outcome: "requested", detail: "\(recordType) \(recordID): \(requestedBy); fetched and examined again at the next window")
            return true
        }
    }

    /// The records a person asked to examine again, by Qonto ID.
    func retryRequestsAsync() async throws(StoreError) -> [RecordKey] {
        try await connection.read("read the retry requests", """
                SELECT DISTINCT record_type, record_id FROM qonto_records
                WHERE workspace = \(workspace.rawValue) AND retry_requested_at IS NOT NULL ORDER BY record_id
                """) { rows in
            try rows.compactMap(key(of:))
        }
    }

    /// Retryable holds last examined before `cutoff` and not dismissed, newest first: the poller
    /// fetches them again by itself.
    func dueRetryableHoldsAsync(examinedBefore cutoff: Date, limit: Int) async throws(StoreError) -> [RecordKey] {
        try await connection.read("read the retryable holds", """
                SELECT record_type, record_id FROM qonto_records AS r
                WHERE r.workspace = \(workspace.rawValue) AND disposition = 'held' AND retryable AND seen_at < \(Timestamp.format(cutoff))
                  AND NOT EXISTS (SELECT 1 FROM qonto_records AS later WHERE later.workspace = r.workspace
                                  AND later.record_type = r.record_type AND later.record_id = r.record_id AND later.seen_at > r.seen_at)
                  AND NOT EXISTS (SELECT 1 FROM dismissals AS d WHERE d.workspace = r.workspace AND d.record_type = r.record_type
                                  AND d.record_id = r.record_id AND d.content_hash = r.content_hash AND d.undone_at IS NULL)
                ORDER BY seen_at DESC LIMIT \(limit)
                """) { rows in
            try rows.compactMap(key(of:))
        }
    }
}
