public import FacteurCore
import Logging
import PostgresNIO
import Store

/// One poller per workspace across every gateway process on the database: a session advisory lock
/// (`pg_try_advisory_lock`) on a key derived from the workspace, held on one connection taken from
/// the pool for as long as the poller runs, and released when it returns or throws. A process that
/// dies loses its connection, and PostgreSQL releases the lock with it.
///
/// ```swift
/// let lock = PostgresPollLock(connection: connection, workspace: workspace)
/// let polled = try await lock.withLock { holding in try await pollWindows(while: holding) }
/// if polled == nil {
///     // another gateway polls this workspace; try again later
/// }
/// ```
///
/// - Important: If PostgreSQL restarts or the connection breaks, the lock is gone while the
///   poller may still run; the window commit stays one transaction with its marker, so a second
///   poller can at worst redo a window (its enqueues are idempotent). Call ``isHeld()`` between
///   windows to notice.
public struct PostgresPollLock: Sendable {
    /// The store's connection pool.
    public let connection: PostgresStoreConnection
    /// The workspace polled.
    public let workspace: WorkspaceID

    /// The poll lock of one workspace.
    public init(connection: PostgresStoreConnection, workspace: WorkspaceID) {
        self.connection = connection
        self.workspace = workspace
    }

    /// Runs `body` while holding the workspace's poll lock.
    /// - Parameter body: The poller; it gets a ``Holding`` to check the lock between windows.
    /// - Returns: The body's result, or nil without running it when another session holds the lock.
    /// - Throws: ``StoreError`` when PostgreSQL fails, or what `body` throws.
    public func withLock<T: Sendable>(_ body: (Holding) async throws -> T) async throws -> T? {
        let logger = connection.logger, space = workspace.rawValue
        do {
            return try await connection.client.withConnection { db in
                let taken = try await db.query("""
                    SELECT pg_try_advisory_lock(hashtextextended('facteur poll ' || \(space), 0))
                    """, logger: logger).collect().first?.decode(Bool.self) ?? false
                guard taken else { return nil }
                let value: T
                do {
                    value = try await body(Holding(connection: db, workspace: workspace, logger: logger))
                } catch {
                    await release(db, logger: logger)
                    throw error
                }
                await release(db, logger: logger)
                return value
            }
        } catch let error as StoreError {
            throw error
        } catch let error where error is PSQLError {
            throw StoreError(postgres: error, while: "take the poll lock of \(workspace)", location: connection.location)
        }
    }

    /// Releases the lock; if that fails the connection is closed instead, since a pooled
    /// connection must never go back to the pool still holding it.
    private func release(_ db: PostgresConnection, logger: Logger) async {
        // A closed connection took its session's lock with it (and a query on it may never answer).
        guard !db.isClosed else { return }
        do {
            try await db.query("SELECT pg_advisory_unlock(hashtextextended('facteur poll ' || \(workspace.rawValue), 0))",
                               logger: logger)
        } catch {
            logger.warning("could not release the poll lock of \(workspace); closing its connection")
            try? await db.close()
        }
    }

    /// The lock while it is held, given to the poller.
    public struct Holding: Sendable {
        let connection: PostgresConnection
        let workspace: WorkspaceID
        let logger: Logger

        /// Whether this session still holds the lock (false after a connection loss or a
        /// PostgreSQL restart: stop polling and take it again).
        public func isHeld() async -> Bool {
            // The server closed the session (a restart): the lock went with it.
            guard !connection.isClosed else { return false }
            do {
                return try await connection.query("""
                    SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
                      AND ((classid::bigint << 32) | objid::bigint) = hashtextextended('facteur poll ' || \(workspace.rawValue), 0))
                    """, logger: logger).collect().first?.decode(Bool.self) ?? false
            } catch {
                return false
            }
        }
    }
}
