public import FacteurCore
public import FoundationEssentials
import Logging
import PostgresNIO
public import Store

/// One workspace's outbox on PostgreSQL, shared by several gateway processes: the operations of
/// ``Store/OutboxQueue`` with the semantics of SQLite's ``Store/OutboxRepository``, plus
/// leases.
///
/// - An attempt is claimed with `SELECT … FOR UPDATE SKIP LOCKED` and held with a lease
///   (`lease_holder` = this connection's ``PostgresStoreConnection/holder``, `lease_until` = now +
///   ``leaseDuration``), renewed by ``renewLease(id:now:)`` while sending. Only the holder may record
///   the data phase, finish or release the attempt; anyone else gets ``Store/StoreError/Code/leaseLost``.
/// - ``recoverInterrupted(now:)`` settles only rows whose lease expired: a live process's attempt
///   is never mistaken for a dead one's, so it needs no delivery lock.
/// - Two versions of one record are never in flight together: a message is not begun while
///   another of its record is still `sending` (even under an expired lease not yet recovered).
/// - Enqueueing is idempotent across processes (an advisory lock per record) and wakes listeners
///   with `NOTIFY facteur_outbox, '<workspace>'` in the same transaction.
/// - Every state change and its mail-log row are one transaction (``PostgresMailLogAppend``).
///
/// The façade's operations are synchronous (``Store/OutboxQueue``, through the connection's
/// bridge); the engine behind them is async, in internal `…Async` methods that other parts of
/// this module call inside their own transactions.
public struct PostgresOutboxQueue: Sendable {
    /// The store's connection pool.
    public let connection: PostgresStoreConnection
    /// The workspace whose messages these are.
    public let workspace: WorkspaceID
    /// How long a claim lasts without renewal (60 s by default).
    public let leaseDuration: TimeInterval
    /// The channel ``enqueue(_:now:)`` notifies, with the workspace's name as payload.
    public static let notificationChannel = "facteur_outbox"

    let log: PostgresMailLogAppend

    /// The outbox of one workspace.
    /// - Parameters:
    ///   - connection: The store's connection pool (its holder name is used for leases).
    ///   - workspace: The workspace.
    ///   - sealKey: Seals mail-log rows (derived from the master key); nil leaves them unsealed.
    ///   - leaseDuration: How long a claim lasts without renewal; 60 s by default.
    public init(connection: PostgresStoreConnection, workspace: WorkspaceID, sealKey: MailLogSealKey? = nil,
                leaseDuration: TimeInterval = 60) {
        self.connection = connection
        self.workspace = workspace
        self.leaseDuration = leaseDuration
        log = PostgresMailLogAppend(workspace: workspace, sealKey: sealKey)
    }

    var logger: Logger { connection.logger }
    var ws: String { workspace.rawValue }

    /// Adds a composed message, idempotently on (record ID, record type, content hash), even when
    /// several processes enqueue the same record at once.
    /// - Returns: Whether it was queued, queued as an update of an earlier version, or already there.
    func enqueueAsync(_ new: NewOutboxMessage, now: Date) async throws(StoreError) -> OutboxRepository.EnqueueOutcome {
        try await connection.transaction("enqueue a message") { connection in
            try await enqueue(on: connection, new, now: now)
        }
    }

    /// Enqueues inside the caller's transaction (a polling window commits many at once).
    ///
    /// It takes the record's lock, then the workspace's log lock (held to the commit). A
    /// transaction enqueueing several messages must therefore take every record lock first,
    /// with ``lockRecords(on:_:)``: otherwise it would wait for a record lock while holding the
    /// log lock, and deadlock with a concurrent enqueue of that record.
    func enqueue(on connection: PostgresConnection, _ new: NewOutboxMessage, now: Date) async throws
        -> OutboxRepository.EnqueueOutcome {
        try await connection.query("""
            SELECT pg_advisory_xact_lock(hashtextextended(\(recordLockKey(type: new.recordType, id: new.recordID)), 0))
            """, logger: logger)
        if let existing = try await connection.query("""
            SELECT * FROM outbox WHERE workspace = \(ws) AND record_id = \(new.recordID) AND record_type = \(new.recordType)
            AND content_hash = \(new.contentHash)
            """, logger: logger).collect().first {
            return .duplicate(try OutboxMessage(postgres: existing))
        }
        let previous = try await connection.query("""
            SELECT id FROM outbox WHERE workspace = \(ws) AND record_id = \(new.recordID) AND record_type = \(new.recordType)
            ORDER BY id DESC LIMIT 1
            """, logger: logger).collect().first.map { try $0.decode(Int64.self) }
        let stamp = Timestamp.format(now)
        let rows = try await connection.query("""
            INSERT INTO outbox (workspace, record_id, record_type, content_hash, message_id, sender, recipient, subject,
                attachment_name, attachment_sha256, spool_file, size, state, attempts, next_attempt_at,
                queued_at, created_at, updated_at, last_error, supersedes_id)
            VALUES (\(ws), \(new.recordID), \(new.recordType), \(new.contentHash), \(new.messageID), \(new.sender),
                \(new.recipient), \(Text.clean(new.subject)), \(Text.clean(new.attachmentName)), \(new.attachmentSHA256),
                \(new.spoolFile), \(new.size), \(new.initialState.rawValue), 0, \(stamp), \(stamp), \(stamp), \(stamp),
                \(Text.clean(optional: new.holdReason)), \(previous))
            RETURNING *
            """, logger: logger).collect()
        guard let row = rows.first else { throw StoreError(.database, "the outbox did not take the message") }
        let message = try OutboxMessage(postgres: row)
        var detail = previous.map { "update of outbox #\($0) (content changed)" }
        if let reason = new.holdReason { detail = [detail, "held: \(reason)"].compactMap { $0 }.joined(separator: "; ") }
        try await log.append(connection, logger: logger, at: now, event: new.initialState == .held ? "held" : "enqueued",
                             message: message, outcome: new.initialState.rawValue, detail: detail)
        try await connection.query("SELECT pg_notify(\(Self.notificationChannel), \(ws))", logger: logger)
        if let previous { return .updated(message, supersedes: previous) }
        return .queued(message)
    }

    /// Takes the record locks of several messages at once, in a fixed order (so two callers never
    /// deadlock), before enqueueing them in the same transaction; ``enqueue(on:_:now:)`` then
    /// finds each lock already held (advisory locks stack within a session).
    func lockRecords(on connection: PostgresConnection, _ messages: [NewOutboxMessage]) async throws {
        let keys = Set(messages.map { recordLockKey(type: $0.recordType, id: $0.recordID) }).sorted()
        guard !keys.isEmpty else { return }
        try await connection.query("""
            SELECT pg_advisory_xact_lock(hashtextextended(key, 0)) FROM unnest(\(keys)::TEXT[]) WITH ORDINALITY AS k(key, n)
            ORDER BY n
            """, logger: logger)
    }

    /// The advisory lock key text of one record of this workspace (hashed by `hashtextextended`):
    /// enqueueing and beginning a version of the record take it.
    func recordLockKey(type: String, id: String) -> String {
        "facteur.outbox.record|\(ws)|\(type)|\(id)"
    }

    /// Messages due for an attempt now, oldest due first (no due time first, as in SQLite).
    func dueAsync(now: Date, limit: Int) async throws(StoreError) -> [OutboxMessage] {
        try await messages("list the due messages", """
            SELECT * FROM outbox WHERE workspace = \(ws) AND state IN ('queued', 'deferred', 'unknown')
            AND (next_attempt_at IS NULL OR next_attempt_at <= \(Timestamp.format(now)))
            ORDER BY next_attempt_at NULLS FIRST, id LIMIT \(limit)
            """)
    }


    /// How many messages a stop paused (`deferred` with no due time).
    func pausedByStopAsync() async throws(StoreError) -> Int {
        try await scalar("count the paused messages", """
            SELECT COUNT(*)::BIGINT FROM outbox WHERE workspace = \(ws) AND state = 'deferred' AND next_attempt_at IS NULL
            """, as: Int.self) ?? 0
    }

    /// When the next deliverable message is due (Timestamp format; empty when one is due now), or
    /// nil when none waits.
    func nextAttemptAtAsync() async throws(StoreError) -> String? {
        try await scalar("find the next due time", """
            SELECT MIN(COALESCE(next_attempt_at, '')) FROM outbox
            WHERE workspace = \(ws) AND state IN ('queued', 'deferred', 'unknown')
            """, as: String?.self) ?? nil
    }

    /// Runs a query returning outbox rows.
    func messages(_ action: String, _ query: PostgresQuery) async throws(StoreError) -> [OutboxMessage] {
        let rows = try await connection.rows(action, query)
        do {
            return try rows.map { try OutboxMessage(postgres: $0) }
        } catch {
            throw StoreError(postgres: error, while: action, location: connection.location)
        }
    }

    /// Runs a query returning one value (nil when no row).
    func scalar<T: PostgresDecodable>(_ action: String, _ query: PostgresQuery, as type: T.Type) async throws(StoreError) -> T? {
        let rows = try await connection.rows(action, query)
        do {
            return try rows.first?.decode(T.self)
        } catch {
            throw StoreError(postgres: error, while: action, location: connection.location)
        }
    }
}

/// Text bound into PostgreSQL, which refuses NUL in TEXT: each NUL becomes U+FFFD, as the mail
/// log already stores it (a server reply or a Qonto field may carry one).
enum Text {
    /// The text without NUL.
    static func clean(_ text: String) -> String {
        text.contains("\0") ? text.replacing("\0", with: "\u{FFFD}") : text
    }

    /// The text without NUL, if any.
    static func clean(optional text: String?) -> String? { text.map { clean($0) } }
}
