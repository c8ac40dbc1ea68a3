public import FacteurCore
public import FoundationEssentials
import GRDB

/// The outbox: durable enqueueing, picking due messages, recording attempts, resends.
///
/// Every state change and its mail-log row are written in one transaction, so the log and the
/// outbox can never disagree.
public struct OutboxRepository: Sendable {
    /// The database.
    public let database: FacteurDatabase

    /// Creates a repository.
    public init(database: FacteurDatabase) {
        self.database = database
    }

    /// The result of ``enqueue(_:now:)``.
    public enum EnqueueOutcome: Sendable, Hashable {
        /// A new message.
        case queued(OutboxMessage)
        /// A new message for a record already sent or queued with other content; linked to the earlier one.
        case updated(OutboxMessage, supersedes: Int64)
        /// The same record with the same content is already in the outbox: nothing was added.
        case duplicate(OutboxMessage)

        /// The message concerned.
        public var message: OutboxMessage {
            switch self {
            case .queued(let message), .updated(let message, _), .duplicate(let message): return message
            }
        }
    }

    /// Adds a composed message, idempotently on (record ID, record type, content hash).
    /// - Returns: Whether it was queued, queued as an update, or already there.
    /// - Throws: ``StoreError`` when SQLite fails.
    public func enqueue(_ new: NewOutboxMessage, now: Date) throws(StoreError) -> EnqueueOutcome {
        try database.write { db in try Self.enqueue(db, new, now: now) }
    }

    /// Enqueues inside the caller's transaction (a polling window commits many at once).
    static func enqueue(_ db: Database, _ new: NewOutboxMessage, now: Date) throws -> EnqueueOutcome {
        if let existing = try Row.fetchOne(db, sql: """
            SELECT * FROM outbox WHERE record_id = ? AND record_type = ? AND content_hash = ?
            """, arguments: [new.recordID, new.recordType, new.contentHash]) {
            return .duplicate(OutboxMessage(row: existing))
        }
        let previous: Int64? = try Int64.fetchOne(db, sql: """
            SELECT id FROM outbox WHERE record_id = ? AND record_type = ? ORDER BY id DESC LIMIT 1
            """, arguments: [new.recordID, new.recordType])
        let stamp = Timestamp.format(now)
        try db.execute(sql: """
            INSERT INTO outbox (record_id, record_type, content_hash, message_id, sender, recipient, subject,
                attachment_name, attachment_sha256, spool_file, size, state, attempts, next_attempt_at,
                queued_at, created_at, updated_at, last_error, supersedes_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)
            """, arguments: [new.recordID, new.recordType, new.contentHash, new.messageID, new.sender, new.recipient,
                             new.subject, new.attachmentName, new.attachmentSHA256, new.spoolFile, new.size,
                             new.initialState.rawValue, stamp, stamp, stamp, stamp, new.holdReason, previous])
        let message = try fetch(db, id: db.lastInsertedRowID)
        var detail = previous.map { "update of outbox #\($0) (content changed)" }
        if let reason = new.holdReason { detail = [detail, "held: \(reason)"].compactMap { $0 }.joined(separator: "; ") }
        try MailLog.append(db, at: now, event: new.initialState == .held ? "held" : "enqueued", message: message,
                           outcome: new.initialState.rawValue, detail: detail)
        if let previous { return .updated(message, supersedes: previous) }
        return .queued(message)
    }

    /// Messages due for an attempt now, oldest due first.
    public func due(now: Date, limit: Int = 1000) throws(StoreError) -> [OutboxMessage] {
        try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM outbox WHERE state IN ('queued', 'deferred', 'unknown')
                AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY next_attempt_at, id LIMIT ?
                """, arguments: [Timestamp.format(now), limit]).map(OutboxMessage.init(row:))
        }
    }

    /// How many messages a stop paused (`deferred` with no due time): they are due as soon as
    /// delivery resumes, without waiting out a backoff, and their pause is not charged to them.
    public func pausedByStop() throws(StoreError) -> Int {
        try database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE state = 'deferred' AND next_attempt_at IS NULL") ?? 0
        }
    }

    /// When the next deliverable message is due (Timestamp format; empty when one is due now), or
    /// nil when none waits.
    public func nextAttemptAt() throws(StoreError) -> String? {
        try database.read { db in
            try String.fetchOne(db, sql: """
                SELECT MIN(COALESCE(next_attempt_at, '')) FROM outbox
                WHERE state IN ('queued', 'deferred', 'unknown')
                """)
        }
    }

    /// Marks a due message `sending` (durably) before the transport touches it.
    /// - Returns: The updated message, or nil if it is no longer deliverable (someone else took it).
    public func beginAttempt(id: Int64, now: Date) throws(StoreError) -> OutboxMessage? {
        try database.groupedWrite { db in try Self.begin(db, id: id, now: now) }
    }

    static func begin(_ db: Database, id: Int64, now: Date) throws -> OutboxMessage? {
        let stamp = Timestamp.format(now)
        try db.cachedStatement(sql: """
            UPDATE outbox SET state = 'sending', attempts = attempts + 1, last_attempt_at = ?, data_started_at = NULL,
                updated_at = ? WHERE id = ? AND state IN ('queued', 'deferred', 'unknown')
            """).execute(arguments: [stamp, stamp, id])
        guard db.changesCount == 1 else { return nil }
        return try fetch(db, id: id)
    }

    /// Undoes ``beginAttempt(id:now:)`` for a message whose data never started (a shutdown came
    /// between marking it and sending it): it returns to the state it had.
    /// - Parameter before: The message as it was before it was marked `sending`.
    public func releaseAttempt(_ before: OutboxMessage, now: Date) throws(StoreError) {
        try database.write { db in
            try db.execute(sql: """
                UPDATE outbox SET state = ?, attempts = ?, last_attempt_at = ?, updated_at = ?
                WHERE id = ? AND state = 'sending' AND data_started_at IS NULL
                """, arguments: [before.state.rawValue, before.attempts, before.lastAttemptAt, Timestamp.format(now), before.id])
        }
    }

    /// Records, durably, that the message data is being handed to the server: from here on a crash
    /// leaves the outcome unknown rather than "not sent".
    public func markDataStarted(id: Int64, now: Date) throws(StoreError) {
        try database.groupedWrite { db in
            try db.cachedStatement(sql: "UPDATE outbox SET data_started_at = ? WHERE id = ? AND state = 'sending'")
                .execute(arguments: [Timestamp.format(now), id])
        }
    }

    /// Applies an attempt's outcome and appends it to the mail log, in one transaction.
    /// - Returns: The updated message.
    @discardableResult
    public func finishAttempt(id: Int64, result: DeliveryResult, transition: OutboxTransition,
                              now: Date) throws(StoreError) -> OutboxMessage {
        try database.write { db in try Self.finish(db, id: id, result: result, transition: transition, now: now) }
    }

    /// Applies an attempt's outcome and marks the next message `sending`, in one transaction: one
    /// durable commit instead of two per message, with the same crash behaviour (a crash after it
    /// leaves the next message `sending` without data, which recovery puts back in the queue).
    /// - Parameter next: The next message to begin, if any.
    /// - Returns: The finished message, and the next one if it could be begun.
    public func finishAttempt(id: Int64, result: DeliveryResult, transition: OutboxTransition, now: Date,
                              beginning next: Int64?) throws(StoreError) -> (finished: OutboxMessage, begun: OutboxMessage?) {
        try database.groupedWrite { db in
            let finished = try Self.finish(db, id: id, result: result, transition: transition, now: now)
            return (finished, try next.flatMap { try Self.begin(db, id: $0, now: now) })
        }
    }

    static func finish(_ db: Database, id: Int64, result: DeliveryResult, transition: OutboxTransition,
                       now: Date) throws -> OutboxMessage {
        let before = try fetch(db, id: id)
        let stamp = Timestamp.format(now)
        let delivered = transition.state == .sent
        // A stop gives the attempt back (see OutboxTransition) and is recorded for every message.
        try db.cachedStatement(sql: """
            UPDATE outbox SET state = ?, next_attempt_at = ?, last_reply = ?, last_error = ?, sent_at = ?,
                possible_duplicate = ?, updated_at = ?, attempts = MAX(attempts - ?, 0) WHERE id = ?
            """).execute(arguments: [transition.state.rawValue, transition.nextAttemptAt.map(Timestamp.format),
                             result.reply.isEmpty ? before.lastReply : result.reply,
                             delivered ? nil : transition.reason, delivered ? stamp : nil,
                             before.possibleDuplicate || transition.state == .unknown, stamp,
                             transition.countsAttempt ? 0 : 1, id])
        try recordStop(db, since: transition.stoppedSince, now: now)
        let after = try fetch(db, id: id)
        // The reason repeats the reply or detail; log only what it adds: when, or why we gave up.
        let gaveUp = transition.state == .failed && result.kind != .permanent ? transition.reason : nil
        let paused = transition.state == .deferred && transition.nextAttemptAt == nil
            ? "paused until delivery resumes (no attempt or lifetime used)" : nil
        let detail = [result.detail, transition.nextAttemptAt.map { "next attempt at \(Timestamp.format($0))" }, paused, gaveUp]
            .compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: "; ")
        try MailLog.append(db, at: now, event: "attempt", message: after, outcome: transition.state.rawValue,
                           reply: result.reply, possibleDuplicate: before.possibleDuplicate,
                           detail: detail.isEmpty ? nil : detail)
        return after
    }

    /// Opens a stop from `since` (or moves the one under way back to it), or, after an attempt
    /// that was not a stop (`since` nil), ends the stop under way: delivery has resumed.
    static func recordStop(_ db: Database, since: Date?, now: Date) throws {
        guard let since else {
            try db.cachedStatement(sql: "UPDATE delivery_stops SET ended_at = ? WHERE ended_at IS NULL")
                .execute(arguments: [Timestamp.format(now)])
            return
        }
        let start = Timestamp.format(since)
        if let open = try String.fetchOne(db, sql: "SELECT started_at FROM delivery_stops WHERE ended_at IS NULL LIMIT 1") {
            if start < open {
                try db.execute(sql: "UPDATE delivery_stops SET started_at = ? WHERE ended_at IS NULL", arguments: [start])
            }
        } else {
            try db.execute(sql: "INSERT INTO delivery_stops (started_at) VALUES (?)", arguments: [start])
        }
    }

    /// The recorded stops of delivery, the one under way (no end) included: their time is not
    /// charged to any message's lifetime (``FacteurCore/DeliveryStop/credit(_:from:to:)``).
    public func deliveryStops() throws(StoreError) -> [DeliveryStop] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT started_at, ended_at FROM delivery_stops ORDER BY id").compactMap { row in
                guard let start = Timestamp.parse(row["started_at"] as String) else { return nil }
                return DeliveryStop(start: start, end: (row["ended_at"] as String?).flatMap(Timestamp.parse))
            }
        }
    }

    /// Settles messages left in `sending` by a process that died mid-attempt (see
    /// ``FacteurCore/OutboxTransition/recovering(dataStarted:now:)``).
    ///
    /// - Important: Call only while holding the data directory's delivery lock, so no live
    ///   attempt is mistaken for a dead one.
    /// - Returns: The recovered messages.
    public func recoverInterrupted(now: Date) throws(StoreError) -> [OutboxMessage] {
        try database.write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE state = 'sending'")
            var recovered: [OutboxMessage] = []
            for row in rows {
                let message = OutboxMessage(row: row)
                let dataStarted = (row["data_started_at"] as String?) != nil
                let transition = OutboxTransition.recovering(dataStarted: dataStarted, now: now)
                try db.execute(sql: """
                    UPDATE outbox SET state = ?, next_attempt_at = ?, last_error = ?, possible_duplicate = ?,
                        updated_at = ? WHERE id = ?
                    """, arguments: [transition.state.rawValue, transition.nextAttemptAt.map(Timestamp.format),
                                     transition.reason, message.possibleDuplicate || dataStarted,
                                     Timestamp.format(now), message.id])
                let after = try Self.fetch(db, id: message.id)
                try MailLog.append(db, at: now, event: "recovered", message: after, outcome: transition.state.rawValue,
                                   possibleDuplicate: message.possibleDuplicate, detail: transition.reason)
                recovered.append(after)
            }
            return recovered
        }
    }

    static func fetch(_ db: Database, id: Int64) throws -> OutboxMessage {
        // Cached: compiling a statement (and GRDB's authorizer walking every column) costs more than running it.
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM outbox WHERE id = ?"), arguments: [id]) else {
            throw StoreError(.notFound, "no outbox message #\(id)")
        }
        return OutboxMessage(row: row)
    }
}
