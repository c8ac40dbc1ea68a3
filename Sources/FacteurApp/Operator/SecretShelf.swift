import Store

/// Where a secret a command names is kept: the gateway's store (`data_dir`'s database) for a
/// gateway secret such as `smtp_password`, whatever `--workspace` says; else the workspace's.
/// `facteur secret set|delete` reach the encrypted store through this.
public struct SecretShelf: Sendable {
    /// Whether `name` can name a secret (1 to 64 of a-z, 0-9, `_`, `.` and `-`).
    public static func isValidName(_ name: String) -> Bool { SecretStore.isValidName(name) }

    /// Whose secret it is, for people: "the gateway (data_dir)" or "workspace W".
    public let place: String
    /// The master key file that encrypts it.
    public let keyFile: String
    private let store: any SecretVault

    init(place: String, keyFile: String, store: any SecretVault) {
        self.place = place
        self.keyFile = keyFile
        self.store = store
    }

    /// Loads (or creates) the master key now, so a key problem is reported before a value is typed.
    /// - Throws: ``StoreError`` `.masterKey`.
    public func prepareMasterKey() throws {
        _ = try store.prepareMasterKey()
    }

    /// Whether a secret of that name is stored.
    /// - Throws: ``StoreError``.
    public func contains(_ name: String) throws -> Bool {
        try store.names().contains(name)
    }

    /// Encrypts and stores a value, replacing any earlier one.
    /// - Throws: ``StoreError`` `.secret` for an invalid name or value, `.masterKey`.
    public func set(name: String, value: String) throws {
        try store.set(name: name, value: value)
    }

    /// Deletes a stored secret.
    /// - Returns: Whether there was one.
    /// - Throws: ``StoreError``.
    public func delete(name: String) throws -> Bool {
        try store.delete(name: name)
    }
}

extension WorkspaceCatalog {
    /// The shelf that keeps the secret `name`: the gateway's for a gateway secret, else the
    /// workspace `requested` names (or the only one).
    /// - Throws: ``ConfigurationError`` `--workspace`, ``StoreError``.
    public func secretShelf(for name: String, workspace requested: String?) throws -> SecretShelf {
        if GatewayKeys.secretNames.contains(name) {
            return SecretShelf(place: "the gateway (data_dir)", keyFile: gateway.masterKeyFile, store: try gatewaySecrets())
        }
        let opened = try open(requested)
        return SecretShelf(place: "workspace \(opened.id)", keyFile: opened.base.masterKeyFile, store: opened.secrets)
    }
}

/// A stored secret as `facteur secret list` shows it: its name and when it was set, never its value.
public struct StoredSecret: Sendable, Hashable, Codable {
    /// The name.
    public var name: String
    /// When it was last set (``FacteurCore/Timestamp`` format).
    public var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case name, updatedAt = "updated_at"
    }
}

extension OpenedWorkspace {
    /// The workspace's stored secrets, by name (never their values).
    /// - Throws: ``StoreError``.
    public func storedSecrets() throws -> [StoredSecret] {
        try secrets.entries().map { StoredSecret(name: $0.name, updatedAt: $0.updatedAt) }
    }
}
