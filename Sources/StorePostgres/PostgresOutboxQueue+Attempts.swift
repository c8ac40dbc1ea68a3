import FacteurCore
import FoundationEssentials
import Logging
import PostgresNIO
import Store

extension PostgresOutboxQueue {
    /// Claims a due message for an attempt: marks it `sending` under this process's lease.
    /// - Returns: The message, or nil when another process holds it, it is no longer due, or
    ///   another version of its record is still `sending` (under any lease, live or expired and not yet recovered).
    func beginAttemptAsync(id: Int64, now: Date) async throws(StoreError) -> OutboxMessage? {
        try await connection.transaction("begin an attempt on outbox #\(id)") { connection in
            try await begin(on: connection, id: id, now: now)
        }
    }

    /// Begins inside the caller's transaction. Never waits for a lock (SKIP LOCKED, try-lock), so
    /// it may run after a mail-log append in the same transaction.
    func begin(on connection: PostgresConnection, id: Int64, now: Date) async throws -> OutboxMessage? {
        let stamp = Timestamp.format(now)
        guard let row = try await connection.query("""
            SELECT record_type, record_id FROM outbox WHERE workspace = \(ws) AND id = \(id)
            AND state IN ('queued', 'deferred', 'unknown') AND (next_attempt_at IS NULL OR next_attempt_at <= \(stamp))
            FOR UPDATE SKIP LOCKED
            """, logger: logger).collect().first else { return nil }
        let (recordType, recordID) = try row.decode((String, String).self)
        // Versions of one record begin one at a time (across processes); whoever holds the record
        // (an enqueue, another begin) makes this one wait for the next round rather than block.
        let locked = try await connection.query("""
            SELECT pg_try_advisory_xact_lock(hashtextextended(\(recordLockKey(type: recordType, id: recordID)), 0))
            """, logger: logger).collect().first?.decode(Bool.self) ?? false
        guard locked else { return nil }
        // Any other version still `sending` blocks this one, even under an expired lease: its
        // process may be paused, not dead, and still send it; recovery (at the start of every
        // delivery run) settles it first, and then this version goes.
        let sibling = try await connection.query("""
            SELECT 1 FROM outbox WHERE workspace = \(ws) AND record_type = \(recordType) AND record_id = \(recordID)
            AND id <> \(id) AND state = 'sending' LIMIT 1
            """, logger: logger).collect()
        guard sibling.isEmpty else { return nil }
        let updated = try await connection.query("""
            UPDATE outbox SET state = 'sending', attempts = attempts + 1, last_attempt_at = \(stamp), data_started_at = NULL,
                updated_at = \(stamp), lease_holder = \(self.connection.holder), lease_until = \(leaseEnd(now))
            WHERE workspace = \(ws) AND id = \(id) RETURNING *
            """, logger: logger).collect()
        return try updated.first.map { try OutboxMessage(postgres: $0) }
    }

    /// When a lease taken or renewed now ends.
    func leaseEnd(_ now: Date) -> String {
        Timestamp.format(now.addingTimeInterval(leaseDuration))
    }

    /// Extends this process's lease on a message it is sending (the heartbeat, every
    /// ``leaseDuration`` / 3 or so while the transfer runs).
    /// - Throws: ``StoreError`` `.leaseLost` when the message is no longer this process's to send.
    func renewLeaseAsync(id: Int64, now: Date) async throws(StoreError) {
        try await connection.transaction("renew the lease on outbox #\(id)") { connection in
            let rows = try await connection.query("""
                UPDATE outbox SET lease_until = \(leaseEnd(now))
                WHERE workspace = \(ws) AND id = \(id) AND state = 'sending' AND lease_holder = \(self.connection.holder)
                RETURNING id
                """, logger: logger).collect()
            guard !rows.isEmpty else { throw leaseLost(id) }
        }
    }

    /// Records that the message data is being handed to the server (from here a crash leaves the
    /// outcome unknown), and renews the lease.
    /// - Throws: ``StoreError`` `.leaseLost` when the message is no longer this process's to send:
    ///   the caller must not send it.
    func markDataStartedAsync(id: Int64, now: Date) async throws(StoreError) {
        try await connection.transaction("record the data phase of outbox #\(id)") { connection in
            let rows = try await connection.query("""
                UPDATE outbox SET data_started_at = \(Timestamp.format(now)), lease_until = \(leaseEnd(now))
                WHERE workspace = \(ws) AND id = \(id) AND state = 'sending' AND lease_holder = \(self.connection.holder)
                RETURNING id
                """, logger: logger).collect()
            guard !rows.isEmpty else { throw leaseLost(id) }
        }
    }

    /// Applies an attempt's outcome, ends the lease and appends it to the mail log, in one transaction.
    /// - Returns: The updated message.
    /// - Throws: ``StoreError`` `.leaseLost` when another process took the message over.
    @discardableResult
    func finishAttemptAsync(id: Int64, result: DeliveryResult, transition: OutboxTransition,
                              now: Date) async throws(StoreError) -> OutboxMessage {
        try await connection.transaction("record the outcome of outbox #\(id)") { connection in
            try await finish(on: connection, id: id, result: result, transition: transition, now: now)
        }
    }

    /// Applies an attempt's outcome and begins the next message, in one transaction.
    /// - Returns: The finished message, and the next one if it could be begun.
    func finishAttemptAsync(id: Int64, result: DeliveryResult, transition: OutboxTransition, now: Date,
                              beginning next: Int64?) async throws(StoreError) -> (finished: OutboxMessage, begun: OutboxMessage?) {
        try await connection.transaction("record the outcome of outbox #\(id)") { connection in
            let finished = try await finish(on: connection, id: id, result: result, transition: transition, now: now)
            var begun: OutboxMessage?
            if let next { begun = try await begin(on: connection, id: next, now: now) }
            return (finished, begun)
        }
    }

    func finish(on connection: PostgresConnection, id: Int64, result: DeliveryResult, transition: OutboxTransition,
                now: Date) async throws -> OutboxMessage {
        let before = try await lockHeld(connection, id: id)
        let stamp = Timestamp.format(now)
        let delivered = transition.state == .sent
        let reply = result.reply.isEmpty ? before.lastReply : Text.clean(result.reply)
        let error = delivered ? nil : Text.clean(transition.reason)
        let rows = try await connection.query("""
            UPDATE outbox SET state = \(transition.state.rawValue), next_attempt_at = \(transition.nextAttemptAt.map(Timestamp.format)),
                last_reply = \(reply), last_error = \(error), sent_at = \(delivered ? stamp : nil),
                possible_duplicate = \(before.possibleDuplicate || transition.state == .unknown), updated_at = \(stamp),
                attempts = GREATEST(attempts - \(transition.countsAttempt ? 0 : 1), 0), lease_holder = NULL, lease_until = NULL
            WHERE workspace = \(ws) AND id = \(id) RETURNING *
            """, logger: logger).collect()
        guard let row = rows.first else { throw StoreError(.notFound, "no outbox message #\(id)") }
        let after = try OutboxMessage(postgres: row)
        try await recordStop(on: connection, since: transition.stoppedSince, now: now)
        // The reason repeats the reply or detail; log only what it adds: when, or why we gave up.
        let gaveUp = transition.state == .failed && result.kind != .permanent ? transition.reason : nil
        let paused = transition.state == .deferred && transition.nextAttemptAt == nil
            ? "paused until delivery resumes (no attempt or lifetime used)" : nil
        let detail = [result.detail, transition.nextAttemptAt.map { "next attempt at \(Timestamp.format($0))" }, paused, gaveUp]
            .compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: "; ")
        try await log.append(connection, logger: logger, at: now, event: "attempt", message: after,
                             outcome: transition.state.rawValue, reply: result.reply,
                             possibleDuplicate: before.possibleDuplicate, detail: detail.isEmpty ? nil : detail)
        return after
    }

    /// Gives back an attempt whose data never started: the message returns to the state it had
    /// and its lease ends. Nothing changes once the data phase began (as in SQLite).
    /// - Parameter before: The message as it was before it was marked `sending`.
    /// - Throws: ``StoreError`` `.leaseLost` when the message is no longer this process's.
    func releaseAttemptAsync(_ before: OutboxMessage, now: Date) async throws(StoreError) {
        try await connection.transaction("give back outbox #\(before.id)") { connection in
            let held = try await lockHeldRow(connection, id: before.id)
            guard !held.dataStarted else { return }
            try await connection.query("""
                UPDATE outbox SET state = \(before.state.rawValue), attempts = \(before.attempts),
                    last_attempt_at = \(before.lastAttemptAt), updated_at = \(Timestamp.format(now)),
                    lease_holder = NULL, lease_until = NULL
                WHERE workspace = \(ws) AND id = \(before.id)
                """, logger: logger)
        }
    }

    /// Locks a message this process is sending (waiting for the row, never for the log).
    /// - Throws: `.notFound`, or `.leaseLost` when it is not `sending` under this process's lease.
    func lockHeld(_ connection: PostgresConnection, id: Int64) async throws -> OutboxMessage {
        try await lockHeldRow(connection, id: id).message
    }

    /// ``lockHeld(_:id:)`` with the row's data-phase mark and lease.
    func lockHeldRow(_ connection: PostgresConnection, id: Int64) async throws -> OutboxRowState {
        guard let row = try await connection.query("""
            SELECT * FROM outbox WHERE workspace = \(ws) AND id = \(id) FOR UPDATE
            """, logger: logger).collect().first else { throw StoreError(.notFound, "no outbox message #\(id)") }
        let held = try OutboxRowState(row)
        guard held.message.state == .sending, held.leaseHolder == self.connection.holder else { throw leaseLost(id) }
        return held
    }

    /// The error for an attempt this process no longer holds.
    func leaseLost(_ id: Int64) -> StoreError {
        StoreError(.leaseLost, "outbox #\(id) is no longer this process's to send: its lease expired and another "
            + "process recovered it, or it was settled meanwhile")
    }
}
