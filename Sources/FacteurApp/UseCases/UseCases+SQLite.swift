public import FacteurCore
public import FoundationEssentials
public import Store

// The use cases over a workspace's SQLite database, for callers that hold one (tests): each wraps
// it in ``SQLiteWorkspaceStore``. The application itself opens stores through
// ``WorkspaceStoreOpener`` and hands them over as `any WorkspaceStore`.

extension DeliverOutbox {
    /// Creates the use case over a workspace's SQLite database.
    public init(transport: any MailTransport, database: FacteurDatabase, dataDirectory: String, policy: RetryPolicy,
                now: @escaping @Sendable () -> Date = { Date() },
                jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
                shouldStop: @escaping @Sendable () -> Bool = { false }) {
        self.init(transport: transport, store: SQLiteWorkspaceStore(database: database), dataDirectory: dataDirectory,
                  policy: policy, now: now, jitter: jitter, shouldStop: shouldStop)
    }
}

extension DeliverDue {
    /// Creates the pipeline over the workspace's SQLite database.
    public init(configuration: FacteurConfiguration, database: FacteurDatabase, relay: GatewayRelay, desk: IncidentDesk) {
        self.init(configuration: configuration, store: SQLiteWorkspaceStore(database: database, workspace: configuration.workspace),
                  relay: relay, desk: desk)
    }
}

extension RetryProblem {
    /// Creates the use case over the workspace's SQLite database.
    public init(configuration: FacteurConfiguration, database: FacteurDatabase, requestedBy: String) {
        self.init(configuration: configuration, store: SQLiteWorkspaceStore(database: database, workspace: configuration.workspace),
                  requestedBy: requestedBy)
    }
}

extension StatusReport {
    /// Creates the report over the workspace's SQLite database.
    public init(configuration: FacteurConfiguration, database: FacteurDatabase) {
        self.init(configuration: configuration, store: SQLiteWorkspaceStore(database: database, workspace: configuration.workspace))
    }
}

extension DismissProblem {
    /// Creates the use case over a workspace's SQLite database.
    public init(database: FacteurDatabase, requestedBy: String) {
        self.init(store: SQLiteWorkspaceStore(database: database), requestedBy: requestedBy)
    }
}

extension SyncInvoices {
    /// Creates the use case over the workspace's SQLite database.
    public init(configuration: FacteurConfiguration, database: FacteurDatabase,
                now: @escaping @Sendable () -> Date = { Date() }, windowSpan: TimeInterval = 31 * 86_400,
                windowRecordLimit: Int = 500, shouldStop: @escaping @Sendable () -> Bool = { false }) {
        self.init(configuration: configuration, store: SQLiteWorkspaceStore(database: database, workspace: configuration.workspace),
                  now: now, windowSpan: windowSpan, windowRecordLimit: windowRecordLimit, shouldStop: shouldStop)
    }
}

extension RefreshDirectory {
    /// Creates the use case over a workspace's SQLite database.
    public init(database: FacteurDatabase, now: @escaping @Sendable () -> Date = { Date() }) {
        self.init(store: SQLiteWorkspaceStore(database: database), now: now)
    }
}

extension PollOnce {
    /// Creates the pipeline over the workspace's SQLite database.
    public init(configuration: FacteurConfiguration, database: FacteurDatabase, secrets: SecretAccess, desk: IncidentDesk) {
        self.init(configuration: configuration, store: SQLiteWorkspaceStore(database: database, workspace: configuration.workspace),
                  secrets: secrets, desk: desk)
    }
}

extension ImportLedger {
    /// Creates the use case over a workspace's SQLite database.
    public init(database: FacteurDatabase) {
        self.init(store: SQLiteWorkspaceStore(database: database))
    }
}

extension ForwardInvoice {
    /// Creates the use case over the workspace's SQLite database.
    public init(configuration: FacteurConfiguration, database: FacteurDatabase) {
        self.init(configuration: configuration, store: SQLiteWorkspaceStore(database: database, workspace: configuration.workspace))
    }
}
