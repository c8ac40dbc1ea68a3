public import FacteurCore

/// ``WorkspaceStore`` over one workspace's SQLite database (`facteur.sqlite` in its data directory).
/// Each part is the SQLite repository of that concept, sharing the one connection.
public struct SQLiteWorkspaceStore: WorkspaceStore {
    /// The workspace's database.
    public let database: FacteurDatabase
    /// The workspace.
    public let workspace: WorkspaceID

    /// The store of a workspace's opened database.
    /// - Parameters:
    ///   - database: The workspace's database.
    ///   - workspace: Its name (``WorkspaceID/default`` for a single-company data directory).
    public init(database: FacteurDatabase, workspace: WorkspaceID = .default) {
        self.database = database
        self.workspace = workspace
    }

    /// The outbox (``OutboxRepository``).
    public var outbox: any OutboxQueue { OutboxRepository(database: database) }
    /// The records (``QontoRecords``).
    public var records: any RecordArchive { QontoRecords(database: database, workspace: workspace) }
    /// The incidents (``Incidents``).
    public var incidents: any IncidentRecord { Incidents(database: database) }
    /// The settings (``Settings``).
    public var settings: any SettingStore { Settings(database: database) }
    /// The counterparties (``CounterpartyDirectory``).
    public var counterparties: any CounterpartyBook { CounterpartyDirectory(database: database) }
    /// The books' invoices (``LedgerInvoices``).
    public var ledger: any LedgerBook { LedgerInvoices(database: database) }
    /// The dismissals (``Dismissals``).
    public var dismissals: any DismissalRegister { Dismissals(database: database) }
    /// The mail log (``MailLog``).
    public var mailLog: any MailLogArchive { MailLog(database: database) }

    /// The secrets (``SecretStore``), encrypted under the key in `masterKeyFile`.
    public func secrets(masterKeyFile: String) -> any SecretVault {
        SecretStore(database: database, masterKeyFile: masterKeyFile)
    }

    /// The stored secrets' fingerprint (``FacteurDatabase/credentialsFingerprint()``).
    public func credentialsFingerprint() throws(StoreError) -> String { try database.credentialsFingerprint() }

    /// The data directory's `flock` (``DataDirectoryLock``) for every kind of work: one process at
    /// a time works a SQLite database's outbox and windows. An in-memory database is this process's
    /// alone, so it needs none.
    /// - Throws: ``StoreError`` `.locked` when another process holds the data directory.
    public func lock(for work: WorkspaceWork) throws(StoreError) -> any WorkspaceWorkLock {
        guard let directory = database.dataDirectory else { return NoWorkspaceWorkLock() }
        return try DataDirectoryLock(dataDirectory: directory)
    }
}
