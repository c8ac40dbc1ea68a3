public import FacteurCore
import Logging
import PostgresNIO
public import Store

/// Everything one workspace keeps, on the shared PostgreSQL store: the same parts as
/// ``Store/SQLiteWorkspaceStore``, each a view of the shared tables filtered by ``workspace``.
///
/// Its parts conform to the synchronous façade through the connection's ``PostgresBridge``.
public struct PostgresWorkspaceStore: WorkspaceStore {
    /// The store's connection pool, shared by every workspace.
    public let connection: PostgresStoreConnection
    /// The workspace whose data this is.
    public let workspace: WorkspaceID
    /// The mail-log seal key, derived from the gateway's master key (nil: rows are not sealed and
    /// seals not checked, as on a SQLite database opened without the master key).
    public let sealKey: MailLogSealKey?

    /// The store of one workspace.
    /// - Parameters:
    ///   - connection: The pool (its `run()` must be running while the store is used).
    ///   - workspace: The workspace.
    ///   - masterKey: The gateway's master key, which seals the mail log; nil only for tools that
    ///     read without it.
    public init(connection: PostgresStoreConnection, workspace: WorkspaceID, masterKey: MasterKey?) {
        self.connection = connection
        self.workspace = workspace
        sealKey = masterKey.map(MailLogSealKey.init(masterKey:))
    }

    /// The outbox queue, with leases (``PostgresOutboxQueue``).
    public var outbox: any OutboxQueue { PostgresOutboxQueue(connection: connection, workspace: workspace, sealKey: sealKey) }
    /// The records and the window commit.
    public var records: any RecordArchive { PostgresRecordArchive(connection: connection, workspace: workspace, sealKey: sealKey) }
    /// The incidents and each side's health.
    public var incidents: any IncidentRecord { PostgresIncidentRecord(connection: connection, workspace: workspace, sealKey: sealKey) }
    /// The settings, markers and overrides.
    public var settings: any SettingStore { PostgresSettingStore(connection: connection, workspace: workspace) }
    /// The counterparties.
    public var counterparties: any CounterpartyBook { PostgresCounterpartyBook(connection: connection, workspace: workspace) }
    /// The books' invoices.
    public var ledger: any LedgerBook { PostgresLedgerBook(connection: connection, workspace: workspace) }
    /// The dismissals.
    public var dismissals: any DismissalRegister {
        PostgresDismissalRegister(connection: connection, workspace: workspace, sealKey: sealKey)
    }
    /// The mail log, read and verified.
    public var mailLog: any MailLogArchive { PostgresMailLogArchive(connection: connection, workspace: workspace, sealKey: sealKey) }

    /// The secrets, encrypted under the master key in `masterKeyFile` (the same file for every
    /// gateway process on this database).
    public func secrets(masterKeyFile: String) -> any SecretVault {
        PostgresSecretVault(connection: connection, workspace: workspace, masterKeyFile: masterKeyFile)
    }

    /// A digest of every stored secret and every settings-page value with their update times —
    /// the same text SQLite's ``Store/FacteurDatabase/credentialsFingerprint()`` builds
    /// (`name@updated_at,…|key@updated_at,…`, by name), so a stop caused by credentials lifts the
    /// same way on both engines.
    public func credentialsFingerprint() throws(StoreError) -> String {
        try connection.bridge.wait { try await self.credentialsFingerprintAsync() }
    }

    /// ``credentialsFingerprint()``'s query, run on the bridge.
    func credentialsFingerprintAsync() async throws(StoreError) -> String {
        try await connection.read("read the credentials fingerprint", """
                SELECT (SELECT string_agg(name || '@' || updated_at, ',' ORDER BY name) FROM secrets
                        WHERE workspace = \(workspace.rawValue)) AS secrets,
                       (SELECT string_agg(key || '@' || updated_at, ',' ORDER BY key) FROM settings
                        WHERE workspace = \(workspace.rawValue) AND key LIKE 'config.%') AS settings
                """) { rows in
            let row = rows[0]
            return (try row.column("secrets", as: String?.self) ?? "") + "|" + (try row.column("settings", as: String?.self) ?? "")
        }
    }
}
