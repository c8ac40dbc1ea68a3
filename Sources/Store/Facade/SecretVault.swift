public import FoundationEssentials

/// One workspace's secrets (Qonto key or OAuth tokens, Pennylane token), encrypted at rest under
/// the gateway's master key: store, read, list and delete by name. Values never appear in an
/// error or a description. ``SecretStore`` is the SQLite implementation.
public protocol SecretVault: Sendable {
    /// Encrypts and stores a value, replacing any earlier one.
    func set(name: String, value: String, now: Date) throws(StoreError)
    /// A stored value, decrypted, or nil when none is stored.
    func value(name: String) throws(StoreError) -> String?
    /// Deletes a stored secret; returns whether there was one.
    @discardableResult
    func delete(name: String) throws(StoreError) -> Bool
    /// The stored secrets' names and when each was set, never their values.
    func entries() throws(StoreError) -> [SecretStore.Entry]
    /// The stored secrets' names.
    func names() throws(StoreError) -> [String]
    /// Loads (or creates) the master key now, so a key problem is reported before a value is typed.
    @discardableResult
    func prepareMasterKey() throws(StoreError) -> MasterKey
}

extension SecretVault {
    /// Encrypts and stores a value now, replacing any earlier one.
    public func set(name: String, value: String) throws(StoreError) {
        try set(name: name, value: value, now: Date())
    }
}

extension SecretStore: SecretVault {}
