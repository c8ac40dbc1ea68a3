public import FacteurCore

/// Everything one workspace keeps, behind intention-named operations: how FacteurApp's use cases
/// and Web's pages reach a workspace's data, and the seam a second engine (PostgreSQL) plugs into.
/// Each part is one concept: the outbox queue (queue, begin an attempt, finish it, release,
/// recover, resend), the window commit and held records, incidents, settings and markers, the
/// counterparty directory and the books, dismissals, the mail log, and the secrets.
///
/// The gateway's own state (web password, sessions, the relay's stored password) is not a
/// workspace's: it still lives in `data_dir`'s database, reached directly.
///
/// ``SQLiteWorkspaceStore`` is the implementation over a workspace's ``FacteurDatabase``.
public protocol WorkspaceStore: Sendable {
    /// The workspace whose data this is (the record keys it builds carry it).
    var workspace: WorkspaceID { get }
    /// The durable outbox queue and its attempts.
    var outbox: any OutboxQueue { get }
    /// Qonto records seen, held records, and the window commit.
    var records: any RecordArchive { get }
    /// Authentication incidents and each side's health.
    var incidents: any IncidentRecord { get }
    /// Sync markers, stored values and the settings page's overrides.
    var settings: any SettingStore { get }
    /// The known suppliers and customers matching reads.
    var counterparties: any CounterpartyBook { get }
    /// The invoices the books already hold.
    var ledger: any LedgerBook { get }
    /// What people set aside as not invoices.
    var dismissals: any DismissalRegister { get }
    /// The hash-chained mail log, read and verified.
    var mailLog: any MailLogArchive { get }
    /// The workspace's secrets, encrypted under the master key in `masterKeyFile`.
    func secrets(masterKeyFile: String) -> any SecretVault
    /// A digest of every stored secret and its update time: a change (a new token, `facteur secret
    /// set`) lifts a stop caused by credentials.
    func credentialsFingerprint() throws(StoreError) -> String
    /// Takes what keeps other processes from doing `work` on this workspace meanwhile, where this
    /// engine needs it; hold the result for as long as the work lasts.
    ///
    /// Why it is the store's to say: SQLite needs a lock for every kind (a database file is worked
    /// by one process at a time, and a delivery run's recovery takes every `sending` message for a
    /// crashed attempt, which is only true when no other process can be sending). An engine whose
    /// claims carry leases needs none to deliver or to serve (``NoWorkspaceWorkLock``), and a
    /// per-workspace lock to poll (one window commit at a time).
    /// - Important: Hold the lock until the work ends (`defer { withExtendedLifetime(lock) {} }`).
    /// - Throws: ``StoreError`` `.locked` when another process does that work now.
    func lock(for work: WorkspaceWork) throws(StoreError) -> any WorkspaceWorkLock
}
