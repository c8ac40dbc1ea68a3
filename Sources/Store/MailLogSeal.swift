import GRDB
import Synchronization

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
    package func seal(hash: String) -> String {
        HMAC.sha256Hex(key: bytes, message: hash)
    }

    /// Whether a stored seal is the one of this hash (constant time).
    package func verifies(seal: String, hash: String) -> Bool {
        HMAC.constantTimeEquals(Array(self.seal(hash: hash).utf8), Array(seal.utf8))
    }

    /// Never shows the key.
    public var description: String { "mail-log seal key" }

    /// The SQL function the append statement and the sealing marker call (`facteur_seal(text)`),
    /// registered on every connection; it returns NULL while no key is set. With
    /// `trusted_schema = OFF` on the connection, SQLite refuses it inside triggers and views, so a
    /// trigger planted in the file cannot make Facteur seal what it chooses.
    static func register(_ holder: SealKeyHolder, in db: Database) {
        db.add(function: DatabaseFunction("facteur_seal", argumentCount: 1, pure: true) { values in
            guard let key = holder.key, let text = String.fromDatabaseValue(values[0]) else { return nil }
            return key.seal(hash: text)
        })
    }

    /// The seal of the sealing marker: from which row on every row must be sealed.
    package func markerSeal(sealedFrom: Int64) -> String {
        seal(hash: "sealed_from:\(sealedFrom)")
    }
}

/// The seal key of a connection, set once the master key is loaded (after the database could be
/// inspected for what depends on the key).
final class SealKeyHolder: Sendable {
    private let storage = Mutex<MailLogSealKey?>(nil)

    /// The key, once set.
    var key: MailLogSealKey? { storage.withLock { $0 } }

    /// Sets the key.
    func set(_ key: MailLogSealKey?) {
        storage.withLock { $0 = key }
    }
}

/// What in an existing database needs the master key it was written with.
enum KeyDependents {
    /// A description of the first thing found (stored secrets, sealed mail-log rows), or nil when
    /// nothing depends on a key yet (a new database, or one from before sealing without secrets).
    static func find(in queue: DatabaseQueue) throws -> String? {
        try queue.read { db in
            if try db.tableExists("secrets"), try Int.fetchOne(db, sql: "SELECT count(*) FROM secrets") ?? 0 > 0 {
                return "stored secrets"
            }
            if try db.tableExists("mail_log_sealing") || (db.tableExists("mail_log") && db.columns(in: "mail_log").contains { $0.name == "seal" }
                && Int.fetchOne(db, sql: "SELECT count(*) FROM mail_log WHERE seal IS NOT NULL") ?? 0 > 0) {
                return "a sealed mail log"
            }
            return nil
        }
    }
}
