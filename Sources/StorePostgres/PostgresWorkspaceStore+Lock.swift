public import Store

extension PostgresWorkspaceStore {
    /// What keeps other gateway processes from doing `work` on this workspace meanwhile.
    ///
    /// - `.serving` and `.delivering`: nothing (``Store/NoWorkspaceWorkLock``). Outbox claims carry
    ///   leases: a message is claimed by one attempt at a time (`FOR UPDATE SKIP LOCKED`), and
    ///   another process's crashed attempt is recognised by its expired lease, so any number of
    ///   processes may serve and deliver the same workspace.
    /// - `.polling`: the workspace's poll lock, one poller across every process on the database (a
    ///   session advisory lock held by this process's poll-lock session, not by a pooled
    ///   connection, so hundreds of workspaces polled at once leave the pool to their store calls).
    ///   Dropping the last reference releases it. If PostgreSQL restarts meanwhile the lock is gone
    ///   and not taken again: at worst another process redoes a window (a window commit is one
    ///   transaction with its marker, and its enqueues are idempotent).
    /// - Throws: ``Store/StoreError`` `.locked` when another process (or a poller of this one)
    ///   polls the workspace now; `.database` when PostgreSQL cannot be reached.
    public func lock(for work: WorkspaceWork) throws(StoreError) -> any WorkspaceWorkLock {
        switch work {
        case .serving, .delivering:
            return NoWorkspaceWorkLock()
        case .polling:
            let session = connection.pollSession, workspace = workspace
            return try connection.bridge.wait { try await session.take(workspace) }
        }
    }
}
