import GRDB

/// The key that seals each mail-log row: `seal = HMAC-SHA256(key, hash)`.
///
/// The hash chain alone proves order and integrity against edits, but anyone who can write the
/// database can append a row and compute its hash, or rewrite the chain from any row on: the chain
/// has no secret. The seal adds one. The key is derived from the master key (``MasterKey``, file
/// `master_key_file`, kept apart from the database and its backups), so whoever holds only the
/// database — a copy, a backup, the `sqlite3` shell on it — can neither append a row that verifies
/// nor rewrite one. It does not help against someone who can also read the master key (root on the
/// machine): against that, and against rows removed from the end, only a head kept off the machine
/// helps (`facteur audit --verify` prints it; every owner notice carries it).
///
/// Derivation: `HMAC-SHA256(master key, "facteur mail-log seal v1")`, so the master key itself never
/// touches the log and a seal is useless for anything else.
public struct MailLogSealKey: Sendable, CustomStringConvertible {
    private let bytes: [UInt8]

    /// The seal key derived from a master key.
    public init(masterKey: MasterKey) {
        bytes = masterKey.withUnsafeBytes { key in
            HMAC.sha256(key: key, message: Array("facteur mail-log seal v1".utf8))
        }
    }

    /// The seal of a row hash, as 64 hex characters.
    func seal(hash: String) -> String {
        HMAC.sha256Hex(key: bytes, message: hash)
    }

    /// Whether a stored seal is the one of this hash (constant time).
    func verifies(seal: String, hash: String) -> Bool {
        HMAC.constantTimeEquals(Array(self.seal(hash: hash).utf8), Array(seal.utf8))
    }

    /// Never shows the key.
    public var description: String { "mail-log seal key" }

    /// The SQL function the append statement calls (`facteur_seal(hash)`), registered on every
    /// connection; it returns NULL when the database was opened without a key.
    static func register(_ key: MailLogSealKey?, in db: Database) {
        db.add(function: DatabaseFunction("facteur_seal", argumentCount: 1, pure: true) { values in
            guard let key, let hash = String.fromDatabaseValue(values[0]) else { return nil }
            return key.seal(hash: hash)
        })
    }
}
