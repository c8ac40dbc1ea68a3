public import FoundationEssentials
import FacteurCore
import GRDB

extension OutboxRepository {
    /// When the oldest message due for an attempt now (queued, deferred or unknown whose time has
    /// come, or one being sent) was queued, or nil when none is: how long the queue has kept
    /// someone waiting, for the overview and `/metrics`.
    public func oldestDueQueuedAt(now: Date) throws(StoreError) -> Date? {
        try database.read { db in
            try String.fetchOne(db, sql: """
                SELECT MIN(queued_at) FROM outbox WHERE state = 'sending'
                OR (state IN ('queued', 'deferred', 'unknown') AND (next_attempt_at IS NULL OR next_attempt_at <= ?))
                """, arguments: [Timestamp.format(now)])
        }.flatMap(Timestamp.parse)
    }
}
