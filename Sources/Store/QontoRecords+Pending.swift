public import FoundationEssentials
public import FacteurCore
import GRDB

extension QontoRecords {
    /// A record version waiting for a person: held, and the latest version seen of its record.
    public struct Pending: Sendable, Hashable {
        /// The row.
        public var record: QontoRecord
        /// When it was (last) examined.
        public var seenAt: String
        /// When a retry was asked for and has not run yet.
        public var retryRequestedAt: String?
        /// The invoice as Qonto described it.
        public var facts = InvoiceFacts()

        /// Describes a held record as either engine reads it.
        public init(record: QontoRecord, seenAt: String, retryRequestedAt: String?, facts: InvoiceFacts = InvoiceFacts()) {
            self.record = record
            self.seenAt = seenAt
            self.retryRequestedAt = retryRequestedAt
            self.facts = facts
        }
    }

    /// Held records whose latest version is still held, newest first.
    public func pending(limit: Int = 500) throws(StoreError) -> [Pending] {
        try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.*, \(Self.factColumns("r")) FROM qonto_records AS r WHERE disposition = 'held'
                  AND NOT EXISTS (SELECT 1 FROM qonto_records AS later WHERE later.record_type = r.record_type
                                  AND later.record_id = r.record_id AND later.seen_at > r.seen_at)
                ORDER BY seen_at DESC LIMIT ?
                """, arguments: [limit]).map {
                Pending(record: Self.record(from: $0), seenAt: $0["seen_at"], retryRequestedAt: $0["retry_requested_at"],
                        facts: Self.facts(from: $0))
            }
        }
    }

    /// Asks for a held record to be fetched and examined again at the next window.
    /// - Returns: Whether a held version of that record exists.
    /// - Parameter requestedBy: Who asked (logged), e.g. "Retry on the status page".
    public func requestRetry(recordType: String, recordID: String, requestedBy: String, now: Date) throws(StoreError) -> Bool {
        try database.write { db in
            try db.execute(sql: """
                UPDATE qonto_records SET retry_requested_at = ? WHERE record_type = ? AND record_id = ? AND disposition = 'held'
                """, arguments: [Timestamp.format(now), recordType, recordID])
            guard db.changesCount > 0 else { return false }
            try MailLog.append(db, at: now, event: "retry", message: nil, record: (recordType, recordID), outcome: "requested",
                               detail: "\(recordType) \(recordID): \(requestedBy); fetched and examined again at the next window")
            return true
        }
    }

    /// Retryable holds (a file missing or not downloadable yet) last examined before `cutoff`: the poller fetches them again by itself, so a transient failure on an old
    /// invoice that Qonto will never list again does not wait for a person.
    public func dueRetryableHolds(examinedBefore cutoff: Date, limit: Int) throws(StoreError) -> [RecordKey] {
        try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT record_type, record_id FROM qonto_records AS r
                WHERE disposition = 'held' AND retryable = 1 AND seen_at < ?
                  AND NOT EXISTS (SELECT 1 FROM qonto_records AS later WHERE later.record_type = r.record_type
                                  AND later.record_id = r.record_id AND later.seen_at > r.seen_at)
                  -- a person dismissed this version: it is not fetched again by itself
                  AND NOT EXISTS (SELECT 1 FROM dismissals AS d WHERE d.record_type = r.record_type
                                  AND d.record_id = r.record_id AND d.content_hash = r.content_hash AND d.undone_at IS NULL)
                ORDER BY seen_at DESC LIMIT ?
                """, arguments: [Timestamp.format(cutoff), limit]).compactMap(key(of:))
        }
    }

    /// Records with a retry asked for.
    public func retryRequests() throws(StoreError) -> [RecordKey] {
        try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT DISTINCT record_type, record_id FROM qonto_records WHERE retry_requested_at IS NOT NULL ORDER BY record_id
                """).compactMap(key(of:))
        }
    }
}
