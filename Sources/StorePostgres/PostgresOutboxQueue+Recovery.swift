import FacteurCore
import FoundationEssentials
import Logging
import PostgresNIO
import Store

extension PostgresOutboxQueue {
    /// Settles messages whose lease expired while `sending` (their process died or stalled), with
    /// ``FacteurCore/OutboxTransition/recovering(dataStarted:now:)``: before the data phase →
    /// queued; after → unknown, flagged as a possible duplicate. Logged as `recovered`, as in SQLite.
    ///
    /// Safe while other processes deliver: a live lease is never touched, and rows another
    /// process is working on right now are skipped (SKIP LOCKED). A row copied from SQLite in
    /// `sending` (no lease) counts as expired.
    /// - Returns: The recovered messages.
    func recoverInterruptedAsync(now: Date) async throws(StoreError) -> [OutboxMessage] {
        try await connection.transaction("recover interrupted attempts") { connection in
            let stamp = Timestamp.format(now)
            // Every row lock first, the log lock (in append) after: see PostgresMailLogAppend.
            let rows = try await connection.query("""
                SELECT * FROM outbox WHERE workspace = \(ws) AND state = 'sending'
                AND (lease_until IS NULL OR lease_until <= \(stamp)) ORDER BY id FOR UPDATE SKIP LOCKED
                """, logger: logger).collect()
            var recovered: [OutboxMessage] = []
            for row in rows {
                let held = try OutboxRowState(row)
                let message = held.message
                let transition = OutboxTransition.recovering(dataStarted: held.dataStarted, now: now)
                let updated = try await connection.query("""
                    UPDATE outbox SET state = \(transition.state.rawValue),
                        next_attempt_at = \(transition.nextAttemptAt.map(Timestamp.format)), last_error = \(transition.reason),
                        possible_duplicate = \(message.possibleDuplicate || held.dataStarted), updated_at = \(stamp),
                        lease_holder = NULL, lease_until = NULL
                    WHERE workspace = \(ws) AND id = \(message.id) RETURNING *
                    """, logger: logger).collect()
                guard let row = updated.first else { continue }
                let after = try OutboxMessage(postgres: row)
                try await log.append(connection, logger: logger, at: now, event: "recovered", message: after,
                                     outcome: transition.state.rawValue, possibleDuplicate: message.possibleDuplicate,
                                     detail: transition.reason)
                recovered.append(after)
            }
            return recovered
        }
    }

    /// Opens a stop from `since` (or moves the open one back to it), or, after an attempt that was
    /// not a stop (`since` nil), ends the open stop: delivery has resumed.
    func recordStop(on connection: PostgresConnection, since: Date?, now: Date) async throws {
        guard let since else {
            try await connection.query("""
                UPDATE delivery_stops SET ended_at = \(Timestamp.format(now)) WHERE workspace = \(ws) AND ended_at IS NULL
                """, logger: logger)
            return
        }
        let start = Timestamp.format(since)
        // The workspace's log lock also serialises its stops: two processes never open two.
        try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(log.lockKey), 0))", logger: logger)
        let open = try await connection.query("""
            SELECT started_at FROM delivery_stops WHERE workspace = \(ws) AND ended_at IS NULL LIMIT 1
            """, logger: logger).collect().first.map { try $0.decode(String.self) }
        if let open {
            if start < open {
                try await connection.query("""
                    UPDATE delivery_stops SET started_at = \(start) WHERE workspace = \(ws) AND ended_at IS NULL
                    """, logger: logger)
            }
        } else {
            try await connection.query("INSERT INTO delivery_stops (workspace, started_at) VALUES (\(ws), \(start))",
                                       logger: logger)
        }
    }

    /// The recorded stops of delivery, the one under way (no end) included.
    func deliveryStopsAsync() async throws(StoreError) -> [DeliveryStop] {
        let rows = try await connection.rows("read the delivery stops", """
            SELECT started_at, ended_at FROM delivery_stops WHERE workspace = \(ws) ORDER BY id
            """)
        do {
            return try rows.compactMap { row in
                let (started, ended) = try row.decode((String, String?).self)
                guard let start = Timestamp.parse(started) else { return nil }
                return DeliveryStop(start: start, end: ended.flatMap(Timestamp.parse))
            }
        } catch {
            throw StoreError(postgres: error, while: "read the delivery stops", location: connection.location)
        }
    }
}
