import FacteurCore
import FoundationEssentials
import Logging
import PostgresNIO
import Store

extension PostgresOutboxQueue {
    /// When the oldest message due now (or being sent) was queued, or nil when none is.
    func oldestDueQueuedAtAsync(now: Date) async throws(StoreError) -> Date? {
        try await scalar("find the oldest due message", """
            SELECT MIN(queued_at) FROM outbox WHERE workspace = \(ws) AND (state = 'sending'
            OR (state IN ('queued', 'deferred', 'unknown') AND (next_attempt_at IS NULL OR next_attempt_at <= \(Timestamp.format(now)))))
            """, as: String?.self)?.flatMap(Timestamp.parse)
    }

    /// Messages, newest first, optionally in one state.
    func listAsync(state: OutboxState?, limit: Int?) async throws(StoreError) -> [OutboxMessage] {
        try await messages("list the outbox", """
            SELECT * FROM outbox WHERE workspace = \(ws) AND (\(state?.rawValue)::TEXT IS NULL OR state = \(state?.rawValue))
            ORDER BY id DESC LIMIT \(limit)
            """)
    }



    /// One message by outbox ID.
    /// - Throws: ``Store/StoreError`` `.notFound`.
    func messageAsync(id: Int64) async throws(StoreError) -> OutboxMessage {
        guard let message = try await messages("read outbox #\(id)", """
            SELECT * FROM outbox WHERE workspace = \(ws) AND id = \(id)
            """).first else { throw StoreError(.notFound, "no outbox message #\(id)") }
        return message
    }

    /// Every message of a record, oldest first.
    func messagesAsync(recordID: String) async throws(StoreError) -> [OutboxMessage] {
        try await messages("list the messages of a record", """
            SELECT * FROM outbox WHERE workspace = \(ws) AND record_id = \(recordID) ORDER BY id
            """)
    }

    /// Counts per state.
    func countsAsync() async throws(StoreError) -> [OutboxState: Int] {
        let action = "count the outbox"
        let rows = try await connection.rows(action, """
            SELECT state, COUNT(*)::BIGINT FROM outbox WHERE workspace = \(ws) GROUP BY state
            """)
        do {
            var counts: [OutboxState: Int] = [:]
            for row in rows {
                let (state, count) = try row.decode((String, Int).self)
                if let state = OutboxState(rawValue: state) { counts[state] = count }
            }
            return counts
        } catch {
            throw StoreError(postgres: error, while: action, location: connection.location)
        }
    }

    /// Records that a failed or held message now goes to another recipient, and logs it.
    /// - Throws: ``Store/StoreError`` `.notFound` or `.invalidState`.
    func readdressAsync(id: Int64, recipient: String, size: Int64, reason: String, now: Date) async throws(StoreError) {
        try await connection.transaction("re-address outbox #\(id)") { connection in
            let message = try await locked(connection, ids: [id])[0]
            guard message.state.isResendable else {
                throw StoreError(.invalidState, "outbox #\(id) is \(message.state.rawValue); only failed or held messages can be re-addressed")
            }
            let rows = try await connection.query("""
                UPDATE outbox SET recipient = \(recipient), size = \(size), updated_at = \(Timestamp.format(now))
                WHERE workspace = \(ws) AND id = \(id) RETURNING *
                """, logger: logger).collect()
            guard let row = rows.first else { throw StoreError(.notFound, "no outbox message #\(id)") }
            try await log.append(connection, logger: logger, at: now, event: "readdressed", message: try OutboxMessage(postgres: row),
                                 outcome: message.state.rawValue, detail: "\(reason); was addressed to \(message.recipient)")
            try await notifyQueued(connection)
        }
    }

    /// Moves failed or held messages back to `queued`, due now, with a fresh budget; logs each.
    /// - Throws: ``Store/StoreError`` `.notFound` or `.invalidState` before anything changes.
    func resendAsync(ids: [Int64], reason: String, now: Date) async throws(StoreError) -> [OutboxMessage] {
        try await connection.transaction("resend outbox messages") { connection in
            let messages = try await locked(connection, ids: ids)
            if let blocked = messages.first(where: { !$0.state.isResendable }) {
                throw StoreError(.invalidState, "outbox #\(blocked.id) is \(blocked.state.rawValue); only failed or held messages can be resent")
            }
            let stamp = Timestamp.format(now)
            var done: [OutboxMessage] = []
            for message in messages {
                let rows = try await connection.query("""
                    UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = \(stamp), queued_at = \(stamp),
                        last_error = NULL, updated_at = \(stamp)
                    WHERE workspace = \(ws) AND id = \(message.id) RETURNING *
                    """, logger: logger).collect()
                guard let row = rows.first else { throw StoreError(.notFound, "no outbox message #\(message.id)") }
                let after = try OutboxMessage(postgres: row)
                try await log.append(connection, logger: logger, at: now, event: "resend", message: after, outcome: "queued",
                                     detail: "\(reason); was \(message.state.rawValue): \(message.lastError ?? "")")
                done.append(after)
            }
            // A Retry pressed on one gateway's page is sent at once by whichever process is free.
            try await notifyQueued(connection)
            return done
        }
    }

    /// Locks messages (in ID order, so two callers never deadlock) and returns them in the order
    /// asked. - Throws: `.notFound` naming the first ID (in that order) that has no message.
    func locked(_ connection: PostgresConnection, ids: [Int64]) async throws -> [OutboxMessage] {
        var byID: [Int64: OutboxMessage] = [:]
        for row in try await connection.query("""
            SELECT * FROM outbox WHERE workspace = \(ws) AND id = ANY(\(Array(Set(ids)))) ORDER BY id FOR UPDATE
            """, logger: logger).collect() {
            let message = try OutboxMessage(postgres: row)
            byID[message.id] = message
        }
        return try ids.map { id in
            guard let message = byID[id] else { throw StoreError(.notFound, "no outbox message #\(id)") }
            return message
        }
    }

    /// Wakes every process's workers for this workspace when the transaction commits (`NOTIFY` is
    /// delivered only then, and not at all if it rolls back).
    func notifyQueued(_ connection: PostgresConnection) async throws {
        try await connection.query("SELECT pg_notify(\(Self.notificationChannel), \(ws))", logger: logger)
    }
}
