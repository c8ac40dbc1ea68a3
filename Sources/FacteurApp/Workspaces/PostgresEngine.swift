import FacteurCore
import Foundation
import Logging
import Store
import StorePostgres
import Synchronization

/// The process's one connection pool to the gateway's PostgreSQL store (`store_url`), shared by
/// every workspace it opens: made on first use, started for the life of the process and migrated
/// (``StorePostgres/PostgresStoreConnection/startForProcess()``).
enum PostgresEngine {
    private static let connections = Mutex<[PostgresStoreURL: PostgresStoreConnection]>([:])
    /// The databases whose mail-log guards this process has checked (once each: the triggers are
    /// the shared table's, not a workspace's).
    private static let guarded = Mutex<Set<PostgresStoreURL>>([])

    /// The pool for a `store_url`, started and migrated the first time it is asked for.
    /// - Throws: ``ConfigurationError`` `store_password_file` when the password cannot be read;
    ///   ``StoreError`` when PostgreSQL cannot be reached or its schema is newer than this Facteur.
    static func connection(for url: PostgresStoreURL) throws -> PostgresStoreConnection {
        try connections.withLock { opened in
            if let connection = opened[url] { return connection }
            let password = try url.password()
            let connection = try PostgresStoreConnection(location: location(of: url, password: password),
                                                         logger: Logger(label: "facteur.postgres"))
            try connection.startForProcess()
            opened[url] = connection
            return connection
        }
    }

    /// The store of one workspace on the shared database, its mail log sealed under the master key
    /// (read from `master_key_file`, created there only while the database holds nothing of it).
    /// - Throws: As ``connection(for:)``, and ``StoreError`` `.masterKey` when `master_key_file`
    ///   cannot be read or created.
    static func store(_ workspace: WorkspaceID, url: PostgresStoreURL, dataDirectory: String,
                      masterKeyFile: String) throws -> PostgresWorkspaceStore {
        // The workspace's folder still holds what is per process: its spool, held files, its lock.
        try DataDirectory.prepare(dataDirectory)
        let connection = try connection(for: url)
        let masterKey: MasterKey
        if MasterKey.fileExists(at: masterKeyFile) {
            masterKey = try MasterKey.load(path: masterKeyFile)
        } else if try connection.holdsHistory(workspace) {
            // A new key would neither open the stored secrets nor verify the mail log's seals.
            throw StoreError(.masterKey, "the master key file \(masterKeyFile) (master_key_file) is missing, but the "
                             + "PostgreSQL store holds workspace \(workspace)'s history: restore that file from its backup "
                             + "(every gateway process on this database must read the same key)")
        } else {
            masterKey = try MasterKey.loadOrCreate(path: masterKeyFile)
        }
        let store = PostgresWorkspaceStore(connection: connection, workspace: workspace, masterKey: masterKey)
        // As SQLite does at each opening of a database: a dropped or disabled append-only trigger is
        // restored, and the restoration written down in every company's log. The table is shared,
        // so once per process, not once per workspace (200 companies would check it 200 times).
        if guarded.withLock({ !$0.contains(url) }) {
            try store.mailLog.checkGuards(now: Date())
            guarded.withLock { _ = $0.insert(url) }
        }
        return store
    }

    /// PostgresNIO's terms for a checked `store_url`: the password given once, never kept in text.
    static func location(of url: PostgresStoreURL, password: Secret?) -> PostgresLocation {
        let endpoint: PostgresLocation.Endpoint = switch url.endpoint {
        case .tcp(let host, let port): .tcp(host: host, port: port)
        case .unixSocket(let directory, let port): .unixSocket(path: "\(directory)/.s.PGSQL.\(port)")
        }
        let tls: PostgresLocation.TLSMode = switch url.tlsMode {
        case .verifyFull: .verifyFull(caFile: url.caFile)
        case .disable: .disable
        }
        return PostgresLocation(endpoint: endpoint, user: url.user, database: url.database, tls: tls,
                                password: { password?.exposedValue })
    }
}
