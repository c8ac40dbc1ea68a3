public import FacteurCore
public import Store

/// The one place where a workspace's store is chosen and opened: given the workspace and its
/// configuration (``FacteurConfiguration/storeLocation``, `store_url`), the engine's
/// ``WorkspaceStore``. Everything else — the use cases, the daemon's services, the pages — takes
/// `any WorkspaceStore` and never knows the engine.
///
/// ``standard`` is this build's: SQLite in the workspace's data directory. A PostgreSQL
/// `store_url` is refused with a ``ConfigurationError`` until that engine is wired here.
public struct WorkspaceStoreOpener: Sendable {
    /// Opens a workspace's store.
    public var open: @Sendable (_ workspace: WorkspaceID, _ configuration: FacteurConfiguration) throws -> any WorkspaceStore
    /// Whether the workspace `default` holds a company's history, for a gateway that added
    /// workspaces (``WorkspaceCatalog/all(defaultHoldsHistory:)``): on SQLite, whether `data_dir`'s
    /// database ever recorded an invoice or a message (an upgraded single-company installation).
    public var defaultHoldsHistory: @Sendable (_ gateway: FacteurConfiguration) throws -> Bool

    /// Creates an opener.
    /// - Parameters:
    ///   - open: Opens a workspace's store from its configuration.
    ///   - defaultHoldsHistory: Whether the workspace `default` holds a company's history.
    public init(open: @escaping @Sendable (_ workspace: WorkspaceID, _ configuration: FacteurConfiguration) throws -> any WorkspaceStore,
                defaultHoldsHistory: @escaping @Sendable (_ gateway: FacteurConfiguration) throws -> Bool) {
        self.open = open
        self.defaultHoldsHistory = defaultHoldsHistory
    }

    /// This build's engines: SQLite (`facteur.sqlite` in the data directory, migrated at open);
    /// PostgreSQL is refused for now.
    public static let standard = WorkspaceStoreOpener(
        open: { id, configuration in
            switch configuration.storeLocation {
            case .sqlite(let directory):
                let database = try FacteurDatabase.open(dataDirectory: directory, masterKeyFile: configuration.masterKeyFile)
                return SQLiteWorkspaceStore(database: database, workspace: id)
            case .postgres:
                throw WorkspaceStoreOpener.postgresNotWired
            }
        },
        defaultHoldsHistory: { gateway in
            switch gateway.storeLocation {
            case .sqlite(let directory):
                return try FacteurDatabase.open(dataDirectory: directory, masterKeyFile: gateway.masterKeyFile).holdsHistory()
            case .postgres:
                throw WorkspaceStoreOpener.postgresNotWired
            }
        })

    /// What ``standard`` answers for a `postgres://` store_url.
    static let postgresNotWired = ConfigurationError(
        key: "store_url", "this build's PostgreSQL engine is not wired yet: use a sqlite:// store_url (or none) for now")

    /// This opener, reusing an open SQLite database for the workspace whose store it is (`data_dir`'s
    /// for `default`, which doubles as the gateway's: one connection per file in a process).
    /// Other workspaces, and other engines, are opened as before.
    /// - Parameter database: The open database.
    public func reusing(_ database: FacteurDatabase) -> WorkspaceStoreOpener {
        let open = self.open
        return WorkspaceStoreOpener(
            open: { id, configuration in
                if case .sqlite(let directory) = configuration.storeLocation, let opened = database.dataDirectory,
                   StoreLocation.sameDirectory(directory, opened) {
                    return SQLiteWorkspaceStore(database: database, workspace: id)
                }
                return try open(id, configuration)
            },
            defaultHoldsHistory: defaultHoldsHistory)
    }
}
