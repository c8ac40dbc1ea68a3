/// A kind of work a process does on a workspace that, on some engines, no other process may do at
/// the same time (``WorkspaceStore/lock(for:)``).
public enum WorkspaceWork: String, Sendable, Hashable, CaseIterable {
    /// `facteur run` serving the workspace for its whole life (its poller, its outbox worker, its pages).
    case serving
    /// Polling Qonto for it: reading windows and committing each with its marker.
    case polling
    /// Delivering its outbox: recovering interrupted attempts, then sending what is due.
    case delivering
}

/// What a process holds while it does a ``WorkspaceWork``: dropping the last reference releases it.
///
/// The SQLite engine's is the data directory's `flock` (``DataDirectoryLock``); an engine that needs
/// no lock for a kind of work answers ``NoWorkspaceWorkLock``.
public protocol WorkspaceWorkLock: AnyObject, Sendable {}

extension DataDirectoryLock: WorkspaceWorkLock {}

/// The answer of an engine that needs no lock for a kind of work: for instance delivery on an engine
/// whose outbox claims carry leases (another process's crashed attempt is recognised by its expired
/// lease, not by a lock no live process holds).
public final class NoWorkspaceWorkLock: WorkspaceWorkLock {
    /// Creates the (empty) lock.
    public init() {}
}
