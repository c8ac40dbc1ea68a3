import FacteurCore
import Logging
import PostgresNIO
import Store
import Synchronization

/// The one PostgreSQL session that holds every poll lock of this process (one per
/// ``PostgresStoreConnection``): a connection of its own, outside the pool, on the bridge's
/// threads, on which each workspace's poll lock is a session advisory lock
/// (`pg_try_advisory_lock` on `hashtextextended('facteur poll ' || workspace, 0)`).
///
/// Why not a pooled connection per poll: a daemon polls many workspaces at once (hundreds for a
/// firm) with a pool of ten; each poll holding a pooled connection for its whole length would
/// leave none for the polls' own store calls, and every poll would wait for ever.
///
/// - Important: When the session drops (a PostgreSQL restart, a network failure) its locks are
///   gone. They are not taken again: the pollers still running go on, and another process may
///   start polling the same workspace meanwhile; a window commit is one transaction with its
///   marker and enqueues are idempotent, so at worst a window is redone. The next request connects
///   anew. A workspace is also refused to this process while a poller of its own still holds it.
actor PostgresPollSession {
    /// A connection and its number (each reconnection gets the next).
    private struct Session: Sendable {
        let connection: PostgresConnection
        let generation: Int
        /// The server process of this session: the holder PostgreSQL shows in `pg_locks`.
        let backendPID: Int32
    }

    private let location: PostgresLocation
    private let logger: Logger
    private let executor: DedicatedExecutor
    private var current: Session?
    private var connecting: Task<Session, any Error>?
    private var generations = 0
    private var closed = false
    /// The workspaces whose lock objects are alive in this process (synchronous: a lock object's
    /// deinit gives its workspace back at once).
    private let held = Mutex<Set<WorkspaceID>>([])
    /// For each workspace whose lock this process holds, the server process that took it.
    private let holders = Mutex<[WorkspaceID: Int32]>([:])

    /// The session of one store connection (it connects on the first request).
    init(location: PostgresLocation, logger: Logger, executor: DedicatedExecutor) {
        self.location = location
        self.logger = logger
        self.executor = executor
    }

    /// Takes the poll lock of `workspace`.
    /// - Returns: The lock, released when its last reference goes.
    /// - Throws: ``StoreError`` `.locked` when another session, or a poller of this process, holds it;
    ///   `.database` when PostgreSQL cannot be reached.
    func take(_ workspace: WorkspaceID) async throws(StoreError) -> PostgresPollLockHandle {
        let reserved = held.withLock { $0.insert(workspace).inserted }
        guard reserved else {
            throw StoreError(.locked, "this gateway process polls workspace \(workspace) already; it is polled again once that poll ends")
        }
        do {
            let (taken, generation, backendPID) = try await tryLock(workspace)
            guard taken else {
                throw StoreError(.locked, "another gateway process polls workspace \(workspace) now; "
                    + "it is polled here once that process's poll ends")
            }
            holders.withLock { $0[workspace] = backendPID }
            return PostgresPollLockHandle(session: self, workspace: workspace, generation: generation)
        } catch {
            held.withLock { _ = $0.remove(workspace) }
            throw StoreError(postgres: error, while: "take the poll lock of workspace \(workspace)", location: location)
        }
    }

    /// `pg_try_advisory_lock` on the session; once more on a new connection when the one it had
    /// turned out dropped.
    private func tryLock(_ workspace: WorkspaceID) async throws -> (taken: Bool, generation: Int, backendPID: Int32) {
        var attempts = 0
        while true {
            attempts += 1
            let session = try await session()
            do {
                let taken = try await session.connection.query(
                    "SELECT pg_try_advisory_lock(hashtextextended(\(Self.lockKey(workspace)), 0))",
                    logger: logger).collect().first?.decode(Bool.self) ?? false
                return (taken, session.generation, session.backendPID)
            } catch {
                guard attempts == 1, session.connection.isClosed || Self.isConnectionLoss(error) else { throw error }
                drop(session)
            }
        }
    }

    /// Gives a workspace back (a lock object's deinit): at once in this process, then on the
    /// session, if the lock was taken on the connection still open (a lock lost with an earlier
    /// connection must not release one a later poller took on the new connection).
    /// The text whose `hashtextextended` is the workspace's poll lock key: one spelling for taking,
    /// releasing and checking it (other processes and older releases use the same).
    nonisolated static func lockKey(_ workspace: WorkspaceID) -> String { "facteur poll \(workspace.rawValue)" }

    /// The server process holding this process's poll lock on `workspace`, or nil when this
    /// process holds none (a caller that polls without the lock, as tests do).
    nonisolated func holder(of workspace: WorkspaceID) -> Int32? {
        holders.withLock { $0[workspace] }
    }

    nonisolated func release(_ workspace: WorkspaceID, generation: Int) {
        holders.withLock { _ = $0.removeValue(forKey: workspace) }
        held.withLock { _ = $0.remove(workspace) }
        Task(executorPreference: executor) { await self.unlock(workspace, generation: generation) }
    }

    /// `pg_advisory_unlock`, only on the session that took the lock; it never reconnects.
    private func unlock(_ workspace: WorkspaceID, generation: Int) async {
        guard let current, current.generation == generation, !current.connection.isClosed else { return }
        do {
            try await current.connection.query(
                "SELECT pg_advisory_unlock(hashtextextended(\(Self.lockKey(workspace)), 0))", logger: logger)
        } catch {
            // Left held, the lock would keep every process from polling the workspace: end the
            // session (its other locks go too, as after a restart).
            logger.warning("could not release the poll lock of workspace \(workspace); closing the poll-lock session")
            drop(current)
        }
    }

    /// Closes the session for good (the store connection's `run()` ended): this process's locks go.
    func close() async {
        closed = true
        connecting?.cancel()
        if let current { try? await current.connection.close() }
        current = nil
    }

    /// The open session, connecting if there is none (one connection attempt at a time).
    private func session() async throws -> Session {
        if let current, !current.connection.isClosed { return current }
        if let connecting { return try await connecting.value }
        if let current {
            logger.warning("""
                the poll-lock session to \(location) closed: this process's poll locks are gone \
                (pollers still running go on; at worst a window is redone); connecting anew
                """)
            drop(current)
        }
        guard !closed else { throw StoreError(.database, "the PostgreSQL store connection is closed") }
        generations += 1
        let generation = generations, location = location, logger = logger
        let task = Task(executorPreference: executor) {
            let connection = try await PostgresConnection.connect(configuration: try location.directConfiguration(),
                                                                  id: generation, logger: logger)
            let pid = try await connection.query("SELECT pg_backend_pid()", logger: logger).collect().first?.decode(Int32.self) ?? 0
            return Session(connection: connection, generation: generation, backendPID: pid)
        }
        connecting = task
        do {
            let session = try await task.value
            connecting = nil
            current = session
            return session
        } catch {
            connecting = nil
            throw error
        }
    }

    /// Forgets a session (closing it, if it is not already).
    private func drop(_ session: Session) {
        if current?.generation == session.generation { current = nil }
        session.connection.close() as Void
    }

    /// Whether a failure means the connection is gone.
    private static func isConnectionLoss(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return false }
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown: return true
        default: return error.serverInfo?[.sqlState]?.hasPrefix("57") ?? false
        }
    }
}

/// A workspace's poll lock, held by this process's poll-lock session (``PostgresPollSession``):
/// dropping the last reference releases it.
final class PostgresPollLockHandle: WorkspaceWorkLock {
    private let session: PostgresPollSession
    /// The workspace polled.
    let workspace: WorkspaceID
    private let generation: Int

    init(session: PostgresPollSession, workspace: WorkspaceID, generation: Int) {
        self.session = session
        self.workspace = workspace
        self.generation = generation
    }

    deinit {
        session.release(workspace, generation: generation)
    }
}
