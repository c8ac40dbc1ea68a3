public import FacteurCore
public import FoundationEssentials
import GRDB

extension OutboxRepository {
    /// Messages, newest first, optionally in one state.
    public func list(state: OutboxState? = nil, limit: Int? = nil) throws(StoreError) -> [OutboxMessage] {
        try database.read { db in
            var sql = "SELECT * FROM outbox"
            var arguments: StatementArguments = []
            if let state { sql += " WHERE state = ?"; arguments += [state.rawValue] }
            sql += " ORDER BY id DESC"
            if let limit { sql += " LIMIT ?"; arguments += [limit] }
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(OutboxMessage.init(row:))
        }
    }

    /// One message by outbox ID.
    /// - Throws: ``StoreError`` `.notFound`.
    public func message(id: Int64) throws(StoreError) -> OutboxMessage {
        try database.read { db in try Self.fetch(db, id: id) }
    }

    /// Every message of a record, oldest first.
    public func messages(recordID: String) throws(StoreError) -> [OutboxMessage] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE record_id = ? ORDER BY id", arguments: [recordID])
                .map(OutboxMessage.init(row:))
        }
    }

    /// Counts per state.
    public func counts() throws(StoreError) -> [OutboxState: Int] {
        try database.read { db in
            var counts: [OutboxState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM outbox GROUP BY state") {
                if let state = OutboxState(rawValue: row["state"]) { counts[state] = row["n"] }
            }
            return counts
        }
    }

    /// Records that a failed or held message now goes to another recipient (its inbox was corrected
    /// and its composed file rewritten), with the new size, and logs it.
    /// - Throws: ``StoreError`` `.notFound` or `.invalidState`.
    public func readdress(id: Int64, recipient: String, size: Int64, reason: String, now: Date) throws(StoreError) {
        try database.write { db in
            let message = try Self.fetch(db, id: id)
            guard message.state.isResendable else {
                throw StoreError(.invalidState, "outbox #\(id) is \(message.state.rawValue); only failed or held messages can be re-addressed")
            }
            try db.execute(sql: "UPDATE outbox SET recipient = ?, size = ?, updated_at = ? WHERE id = ?",
                           arguments: [recipient, size, Timestamp.format(now), id])
            try MailLog.append(db, at: now, event: "readdressed", message: try Self.fetch(db, id: id), outcome: message.state.rawValue,
                               detail: "\(reason); was addressed to \(message.recipient)")
        }
    }

    /// Moves failed or held messages back to `queued`, due now, with a fresh attempt budget and
    /// lifetime; logs each with who asked.
    /// - Parameters:
    ///   - ids: The messages.
    ///   - reason: Logged with each (e.g. "facteur resend by root").
    ///   - now: The current time.
    /// - Returns: The re-queued messages.
    /// - Throws: ``StoreError`` `.notFound` or `.invalidState` (naming the message and its state)
    ///   before anything changes.
    public func resend(ids: [Int64], reason: String, now: Date) throws(StoreError) -> [OutboxMessage] {
        try database.write { db in
            let messages = try ids.map { try Self.fetch(db, id: $0) }
            if let blocked = messages.first(where: { !$0.state.isResendable }) {
                throw StoreError(.invalidState, "outbox #\(blocked.id) is \(blocked.state.rawValue); only failed or held messages can be resent")
            }
            let stamp = Timestamp.format(now)
            var done: [OutboxMessage] = []
            for message in messages {
                try db.execute(sql: """
                    UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = ?, queued_at = ?, last_error = NULL,
                        updated_at = ? WHERE id = ?
                    """, arguments: [stamp, stamp, stamp, message.id])
                let after = try Self.fetch(db, id: message.id)
                try MailLog.append(db, at: now, event: "resend", message: after, outcome: "queued",
                                   detail: "\(reason); was \(message.state.rawValue): \(message.lastError ?? "")")
                done.append(after)
            }
            return done
        }
    }
}
