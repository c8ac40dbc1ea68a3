public import Store

/// Read and write access to one workspace's secret store, as the Qonto connection, the Pennylane
/// refresh and the OAuth token rotation need it. The one such type for the CLI and the daemon.
public struct SecretAccess: Sendable {
    /// Reads a secret by name (nil when none is stored).
    public var read: @Sendable (String) throws -> String?
    /// Stores a secret (a rotated OAuth token).
    public var write: @Sendable (String, String) throws -> Void

    /// Access through two functions (tests pass ones that store nothing).
    public init(read: @escaping @Sendable (String) throws -> String?, write: @escaping @Sendable (String, String) throws -> Void) {
        self.read = read
        self.write = write
    }

    /// Access to a secret store.
    public init(store: any SecretVault) {
        self.init(read: { try store.value(name: $0) }, write: { try store.set(name: $0, value: $1) })
    }
}

extension OpenedWorkspace {
    /// Access to this workspace's secrets (its Qonto and Pennylane credentials).
    public var secretAccess: SecretAccess { SecretAccess(store: secrets) }
}
