// Store: Facteur's durable state in SQLite (GRDB on the system libsqlite3): the outbox, the
// hash-chained mail log, settings and encrypted secrets; and SHA-256 through OpenSSL.
// Only this module imports GRDB and COpenSSL.
public import GRDB
import Foundation

/// The database in the data directory (`<data_dir>/facteur.sqlite`), opened in WAL mode with
/// `synchronous=FULL`: a commit is on disk before Facteur acts on it, so a message is never marked
/// queued (or sent) unless that is durable.
///
/// ```swift
/// let database = try FacteurDatabase.open(dataDirectory: ".facteur")
/// let outbox = OutboxRepository(database: database)
/// ```
public final class FacteurDatabase: Sendable {
    /// The GRDB connection (serialised access; safe from any thread).
    public let queue: DatabaseQueue
    /// The data directory, or nil for an in-memory database.
    public let dataDirectory: String?

    /// Seals the mail log's rows; nil for an in-memory database opened without a key.
    let sealKey: MailLogSealKey?

    /// Coalesces the delivery lanes' commits (see ``GroupCommit``).
    private let group: GroupCommit

    private init(queue: DatabaseQueue, dataDirectory: String?, sealKey: MailLogSealKey?) {
        self.queue = queue
        self.dataDirectory = dataDirectory
        self.sealKey = sealKey
        group = GroupCommit(queue: queue)
    }

    /// Opens (creating if needed) the database of a data directory, runs pending migrations and
    /// checks the mail log's guards (``MailLog/checkGuards(now:)``).
    ///
    /// The directory is created 0700 and the database file 0600 (they hold invoices and secrets).
    /// The master key is loaded to seal the mail log's rows (``MailLogSealKey``). It is created
    /// (0600) only while nothing depends on it yet — a new database, or one with no stored secret
    /// and no sealed row: a database restored without its key is refused with the remedy, never
    /// given a new key that would make its seals and secrets unreadable.
    /// - Parameters:
    ///   - dataDirectory: Config `data_dir`.
    ///   - masterKeyFile: Config `master_key_file` (default `<data_dir>/master.key`).
    /// - Throws: ``StoreError`` naming the path when the directory, the file or the master key cannot
    ///   be prepared, or SQLite fails.
    public static func open(dataDirectory: String, masterKeyFile: String? = nil) throws(StoreError) -> FacteurDatabase {
        try DataDirectory.prepare(dataDirectory)
        let path = "\(dataDirectory)/facteur.sqlite"
        try DataDirectory.createPrivateFile(path)
        let keyPath = masterKeyFile ?? "\(dataDirectory)/master.key"
        let holder = SealKeyHolder()
        do {
            return try OpeningLock.holding(dataDirectory) {
                try openLocked(path: path, dataDirectory: dataDirectory, keyPath: keyPath, holder: holder)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.database, "cannot open the database \(path): \(Self.describe(error))")
        }
    }

    /// ``open(dataDirectory:masterKeyFile:)``'s work, under the ``OpeningLock``.
    private static func openLocked(path: String, dataDirectory: String, keyPath: String, holder: SealKeyHolder) throws -> FacteurDatabase {
        let queue = try DatabaseQueue(path: path, configuration: configuration(sealKey: holder))
        let masterKey: MasterKey
        if MasterKey.fileExists(at: keyPath) {
            masterKey = try MasterKey.load(path: keyPath)
        } else if let dependent = try KeyDependents.find(in: queue) {
            throw StoreError(.masterKey, "the master key file \(keyPath) (master_key_file) is missing, but the database holds "
                             + "\(dependent): restore that file from its backup (a new key could open neither)")
        } else {
            masterKey = try MasterKey.loadOrCreate(path: keyPath)
        }
        let sealKey = MailLogSealKey(masterKey: masterKey)
        holder.set(sealKey)
        let database = FacteurDatabase(queue: queue, dataDirectory: dataDirectory, sealKey: sealKey)
        try database.migrate()
        try MailLog(database: database).checkGuards(now: Date())
        return database
    }

    /// An in-memory database with the full schema, for tests.
    /// - Parameter masterKey: Seals the mail log's rows when given; unsealed otherwise.
    public static func inMemory(masterKey: MasterKey? = nil) throws(StoreError) -> FacteurDatabase {
        let sealKey = masterKey.map(MailLogSealKey.init(masterKey:))
        let holder = SealKeyHolder()
        holder.set(sealKey)
        do {
            let database = FacteurDatabase(queue: try DatabaseQueue(configuration: configuration(sealKey: holder)),
                                           dataDirectory: nil, sealKey: sealKey)
            try database.migrate()
            return database
        } catch {
            throw StoreError(.database, "cannot open an in-memory database: \(Self.describe(error))")
        }
    }

    private static func configuration(sealKey: SealKeyHolder) -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(15)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            // WAL set here rather than with `journalMode = .wal`, which also lowers `synchronous` to
            // NORMAL: a commit must be on disk before we act on it (a queued or sent message).
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Application functions only from Facteur's own statements, never from a trigger or a
            // view someone planted in the file: facteur_seal holds the seal key (MailLogSealKey).
            try db.execute(sql: "PRAGMA trusted_schema = OFF")
            MailLogSealKey.register(sealKey, in: db)
        }
        return configuration
    }

    /// A one-line description of a GRDB error without statement arguments.
    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return "SQLite error \(error.resultCode.rawValue): \(error.message ?? "unknown")"
        }
        return String(describing: error)
    }

    /// Runs a write transaction, mapping GRDB errors to ``StoreError``.
    func write<T>(_ updates: (Database) throws -> T) throws(StoreError) -> T {
        try Self.mappingErrors { try queue.write(updates) }
    }

    /// Runs a write that may share its transaction, and its sync, with writes arriving from other
    /// threads at the same moment (each in its own savepoint; see ``GroupCommit``). Returns once
    /// the write is committed. For the delivery loop's per-message writes.
    func groupedWrite<T>(_ updates: @escaping (Database) throws -> T) throws(StoreError) -> T {
        try Self.mappingErrors { try group.write(updates) }
    }

    /// Runs a read in one deferred transaction (a consistent snapshot), mapping GRDB errors to
    /// ``StoreError``.
    ///
    /// Not `DatabaseQueue.read`: it brackets every read with `PRAGMA query_only = 1` / `= 0`, and a
    /// flag pragma expires every prepared statement of the connection, so each read made every
    /// cached statement compile again (measured: 2 000 messages to a fast sink took 1.89 s of user CPU,
    /// 0.66 s once reads stopped expiring the statements).
    func read<T>(_ value: (Database) throws -> T) throws(StoreError) -> T {
        try Self.mappingErrors {
            try queue.inDatabase { db in
                var result: T?
                try db.inTransaction(.deferred) {
                    result = try value(db)
                    return .commit
                }
                return result!
            }
        }
    }

    /// Runs `body`, passing ``StoreError`` through and turning any other error (GRDB's) into one.
    private static func mappingErrors<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.database, describe(error))
        }
    }
}
