public import FacteurCore
public import FoundationEssentials
import PostgresNIO
public import Store

/// One workspace's secrets on PostgreSQL (Qonto key or OAuth tokens, Pennylane token), encrypted
/// at rest exactly as ``Store/SecretStore`` does: AES-256-GCM (``Store/SecretBox``, the name as
/// authenticated data) under the gateway's ``Store/MasterKey``, whose file (`master_key_file`) every
/// gateway process on the database shares. The database holds names, times, nonces, ciphertexts
/// and tags; values never appear in an error, a log or a description.
///
/// The key file is created only when no secret of ANY workspace is stored yet: they all share it,
/// and a fresh key could open none of them.
///
/// Conforms to the synchronous façade (`SecretVault`) through the connection's ``PostgresBridge``: each
/// operation runs as a task on the bridge's own threads while the caller's thread waits.
public struct PostgresSecretVault: Sendable, CustomStringConvertible {
    /// The store's connection pool.
    public let connection: PostgresStoreConnection
    /// The workspace whose secrets these are.
    public let workspace: WorkspaceID
    private let keySource: MasterKeySource

    /// The secrets of one workspace, under the key in `masterKeyFile` (read when first needed).
    public init(connection: PostgresStoreConnection, workspace: WorkspaceID, masterKeyFile: String) {
        self.connection = connection
        self.workspace = workspace
        keySource = .file(masterKeyFile)
    }

    /// The secrets of one workspace, under an already loaded key (tests).
    public init(connection: PostgresStoreConnection, workspace: WorkspaceID, masterKey: MasterKey) {
        self.connection = connection
        self.workspace = workspace
        keySource = .loaded(masterKey)
    }

    /// Names the workspace and the key file only.
    public var description: String { "secret store of \(workspace) on PostgreSQL (\(keySource))" }

    /// Encrypts and stores a value, replacing any earlier one.
    /// - Throws: ``StoreError`` `.secret` for an invalid name or value, `.masterKey` for a key
    ///   problem, `.database` when PostgreSQL fails. Messages name the secret, never its value.
    func setAsync(name: String, value: String, now: Date) async throws(StoreError) {
        try SecretStore.validate(name, value: value)
        let sealed = try SecretBox(masterKey: try await keyForWriting()).seal(value, name: name)
        try await connection.transaction("store secret \"\(name)\"") { db in
            _ = try await db.query("""
                INSERT INTO secrets (workspace, name, nonce, ciphertext, tag, updated_at)
                VALUES (\(workspace.rawValue), \(name), \(Data(sealed.nonce)), \(Data(sealed.ciphertext)),
                        \(Data(sealed.tag)), \(Timestamp.format(now)))
                ON CONFLICT (workspace, name) DO UPDATE SET nonce = excluded.nonce, ciphertext = excluded.ciphertext,
                    tag = excluded.tag, updated_at = excluded.updated_at
                """, logger: connection.logger)
        }
    }

    /// A stored value, decrypted, or nil when none is stored.
    /// - Throws: ``StoreError`` `.secret` for an invalid name, a wrong master key or an altered row;
    ///   `.masterKey` when the key file is missing or unsafe; `.database` when PostgreSQL fails.
    func valueAsync(name: String) async throws(StoreError) -> String? {
        try SecretStore.validate(name)
        let sealed = try await connection.read("read secret \"\(name)\"", """
                SELECT nonce, ciphertext, tag FROM secrets WHERE workspace = \(workspace.rawValue) AND name = \(name)
                """) { rows in
            try rows.first.map { row in
                SecretBox.Sealed(nonce: Array(try row.column("nonce", as: Data.self)),
                                 ciphertext: Array(try row.column("ciphertext", as: Data.self)),
                                 tag: Array(try row.column("tag", as: Data.self)))
            }
        }
        guard let sealed else { return nil }
        return try SecretBox(masterKey: try keySource.keyForReading(secret: name)).open(sealed, name: name)
    }

    /// Deletes a stored secret.
    /// - Returns: Whether there was one.
    @discardableResult
    func deleteAsync(name: String) async throws(StoreError) -> Bool {
        try SecretStore.validate(name)
        return try await connection.transaction("delete secret \"\(name)\"") { db in
            try await !db.allRows("""
                DELETE FROM secrets WHERE workspace = \(workspace.rawValue) AND name = \(name) RETURNING name
                """, logger: connection.logger).isEmpty
        }
    }

    /// The stored secrets' names and when each was set, by name; never their values.
    func entriesAsync() async throws(StoreError) -> [SecretStore.Entry] {
        try await connection.read("list the secrets", """
                SELECT name, updated_at FROM secrets WHERE workspace = \(workspace.rawValue) ORDER BY name
                """) { rows in
            try rows.map { row in
                SecretStore.Entry(name: try row.column("name"), updatedAt: try row.column("updated_at"))
            }
        }
    }

    /// The stored secrets' names, sorted.
    func namesAsync() async throws(StoreError) -> [String] {
        try await entriesAsync().map(\.name)
    }

    /// Loads (or creates) the master key now, so a key problem is reported before a value is typed.
    @discardableResult
    func prepareMasterKeyAsync() async throws(StoreError) -> MasterKey {
        try await keyForWriting()
    }

    private func keyForWriting() async throws(StoreError) -> MasterKey {
        // Every workspace's secrets count: the key file is the gateway's, not the workspace's.
        let stored = keySource.mayCreateKey
            ? try await connection.read("count the stored secrets", "SELECT COUNT(*) AS n FROM secrets") { rows in
                try rows[0].column("n", as: Int.self)
            } : 0
        return try keySource.keyForWriting(storedSecrets: stored)
    }
}

extension PostgresSecretVault: SecretVault {
    /// Encrypts and stores a value, replacing any earlier one.
    public func set(name: String, value: String, now: Date) throws(StoreError) {
        try connection.bridge.wait { try await self.setAsync(name: name, value: value, now: now) }
    }

    /// A stored value, decrypted, or nil when none is stored.
    public func value(name: String) throws(StoreError) -> String? {
        try connection.bridge.wait { try await self.valueAsync(name: name) }
    }

    /// Deletes a stored secret; returns whether there was one.
    @discardableResult
    public func delete(name: String) throws(StoreError) -> Bool {
        try connection.bridge.wait { try await self.deleteAsync(name: name) }
    }

    /// The stored secrets' names and when each was set, never their values.
    public func entries() throws(StoreError) -> [SecretStore.Entry] {
        try connection.bridge.wait { try await self.entriesAsync() }
    }

    /// The stored secrets' names.
    public func names() throws(StoreError) -> [String] {
        try connection.bridge.wait { try await self.namesAsync() }
    }

    /// Loads (or creates) the master key now, so a key problem is reported before a value is typed.
    @discardableResult
    public func prepareMasterKey() throws(StoreError) -> MasterKey {
        try connection.bridge.wait { try await self.prepareMasterKeyAsync() }
    }
}
