public import FoundationEssentials
import FacteurCore
import GRDB

/// Secrets Facteur keeps itself — API tokens, secret keys, the SMTP password, the rotating Qonto
/// refresh token — encrypted at rest in the `secrets` table with AES-256-GCM (``SecretBox``) under
/// the ``MasterKey``.
///
/// The database holds only names, timestamps, nonces, ciphertexts and tags; values never appear in
/// errors, descriptions or logs. The master key is read from its file when first needed: listing
/// and deleting never touch it, reading a name that is not stored does not either, and only
/// ``set(name:value:now:)`` creates the file when it does not exist yet (refusing to when secrets
/// are already stored, since a new key could not open them).
///
/// ```swift
/// let secrets = SecretStore(database: database, masterKeyFile: configuration.masterKeyFile)
/// try secrets.set(name: "smtp_password", value: password)
/// let stored = try secrets.value(name: "smtp_password")
/// ```
public struct SecretStore: Sendable, CustomStringConvertible {
    /// A stored secret's name and when it was last set; never its value.
    public struct Entry: Sendable, Hashable, Codable {
        /// The name.
        public var name: String
        /// When it was last set (``FacteurCore/Timestamp`` format).
        public var updatedAt: String

        /// Creates an entry.
        public init(name: String, updatedAt: String) {
            self.name = name
            self.updatedAt = updatedAt
        }

        enum CodingKeys: String, CodingKey {
            case name, updatedAt = "updated_at"
        }
    }

    /// The longest value accepted, in UTF-8 bytes: tokens and passwords are far shorter, and a
    /// bound keeps a mistaken `secret set < big-file` out of the database.
    public static let maximumValueLength = 65_536

    /// The database.
    public let database: FacteurDatabase
    private let keySource: MasterKeySource

    /// Creates a store that encrypts with an already loaded key (tests, in-memory databases).
    public init(database: FacteurDatabase, masterKey: MasterKey) {
        self.database = database
        keySource = .loaded(masterKey)
    }

    /// Creates a store whose key is read from `masterKeyFile` when first needed.
    /// - Parameters:
    ///   - database: The database holding the `secrets` table.
    ///   - masterKeyFile: Config `master_key_file`.
    public init(database: FacteurDatabase, masterKeyFile: String) {
        self.database = database
        keySource = .file(masterKeyFile)
    }

    /// Names the key file only.
    public var description: String { "secret store (\(keySource))" }

    /// Whether `name` is a valid secret name: 1 to 64 of `a-z`, `0-9`, `_`, `.` and `-`.
    public static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        return (1...64).contains(bytes.count) && bytes.allSatisfy { byte in
            (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
        }
    }

    /// Encrypts and stores a value, replacing any earlier value of that name.
    ///
    /// - Parameters:
    ///   - name: 1 to 64 of `a-z`, `0-9`, `_`, `.`, `-` (e.g. `smtp_password`).
    ///   - value: The secret; neither empty nor longer than ``maximumValueLength`` UTF-8 bytes.
    ///   - now: The time recorded as `updated_at`.
    /// - Throws: ``StoreError`` `.secret` for an invalid name or value, `.masterKey` when the key file
    ///   is unsafe, malformed, cannot be created, or is missing while other secrets are stored,
    ///   `.database` when SQLite fails. Messages name the secret, never its value.
    public func set(name: String, value: String, now: Date = Date()) throws(StoreError) {
        try Self.validate(name, value: value)
        let sealed = try SecretBox(masterKey: try keyForWriting()).seal(value, name: name)
        try database.write { db in
            try db.execute(sql: """
                INSERT INTO secrets (name, nonce, ciphertext, tag, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET nonce = excluded.nonce, ciphertext = excluded.ciphertext,
                    tag = excluded.tag, updated_at = excluded.updated_at
                """, arguments: [name, Data(sealed.nonce), Data(sealed.ciphertext), Data(sealed.tag), Timestamp.format(now)])
        }
    }

    /// Loads the key ``set(name:value:now:)`` will use, creating the key file if it may, so that a
    /// command can report a key problem before it asks for a value.
    /// - Returns: The key.
    /// - Throws: ``StoreError`` `.masterKey` when the key file is unsafe, malformed, cannot be
    ///   created, or is missing while secrets are stored; `.database` when SQLite fails.
    @discardableResult
    public func prepareMasterKey() throws(StoreError) -> MasterKey {
        try keyForWriting()
    }

    /// The decrypted value of a secret.
    ///
    /// - Parameter name: The secret's name.
    /// - Returns: The value, or nil when no secret has that name.
    /// - Throws: ``StoreError`` `.secret` for an invalid name, or when the value cannot be opened
    ///   (wrong master key, altered row); `.masterKey` when the key file is missing or unsafe;
    ///   `.database` when SQLite fails.
    public func value(name: String) throws(StoreError) -> String? {
        try Self.validate(name)
        let row = try database.read { db in
            try Row.fetchOne(db, sql: "SELECT nonce, ciphertext, tag FROM secrets WHERE name = ?", arguments: [name])
        }
        guard let row else { return nil }
        let nonce: Data? = row["nonce"], ciphertext: Data? = row["ciphertext"], tag: Data? = row["tag"]
        guard let nonce, let ciphertext, let tag else {
            throw StoreError(.secret, "secret \"\(name)\" is malformed (a column is not a blob); set it again")
        }
        let sealed = SecretBox.Sealed(nonce: Array(nonce), ciphertext: Array(ciphertext), tag: Array(tag))
        return try SecretBox(masterKey: try keyForReading(secret: name)).open(sealed, name: name)
    }

    /// Deletes a secret.
    /// - Parameter name: The secret's name.
    /// - Returns: Whether a secret of that name existed.
    /// - Throws: ``StoreError`` `.secret` for an invalid name, `.database` when SQLite fails.
    @discardableResult
    public func delete(name: String) throws(StoreError) -> Bool {
        try Self.validate(name)
        return try database.write { db in
            try db.execute(sql: "DELETE FROM secrets WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }

    /// The stored secrets' names and dates, by name; values are not read.
    /// - Throws: ``StoreError`` `.database` when SQLite fails.
    public func entries() throws(StoreError) -> [Entry] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT name, updated_at FROM secrets ORDER BY name").map { row in
                Entry(name: row["name"], updatedAt: row["updated_at"])
            }
        }
    }

    /// The stored secrets' names, sorted; ``entries()`` adds when each was set.
    /// - Throws: ``StoreError`` `.database` when SQLite fails.
    public func names() throws(StoreError) -> [String] {
        try entries().map(\.name)
    }

    /// Refuses an invalid name, an empty value, or one longer than ``maximumValueLength``; the
    /// message names the secret, never the value.
    package static func validate(_ name: String, value: String) throws(StoreError) {
        try validate(name)
        let length = value.utf8.count
        guard length > 0 else { throw StoreError(.secret, "secret \"\(name)\": an empty value is refused") }
        guard length <= maximumValueLength else {
            throw StoreError(.secret, "secret \"\(name)\": the value is \(length) bytes; the limit is \(maximumValueLength)")
        }
    }

    /// Refuses an invalid name without echoing it.
    package static func validate(_ name: String) throws(StoreError) {
        // The name is not echoed: a value typed where the name belongs must not reach a terminal or log.
        guard isValidName(name) else {
            throw StoreError(.secret, "invalid secret name: use 1 to 64 characters among a-z, 0-9, _, . and -")
        }
    }

    private func keyForReading(secret name: String) throws(StoreError) -> MasterKey {
        try keySource.keyForReading(secret: name)
    }

    private func keyForWriting() throws(StoreError) -> MasterKey {
        let stored = keySource.mayCreateKey
            ? try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM secrets") ?? 0 } : 0
        return try keySource.keyForWriting(storedSecrets: stored)
    }
}
