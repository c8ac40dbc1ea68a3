import FacteurCore
public import Store

extension WorkspaceCatalog {
    /// `data_dir`'s database, which keeps the gateway's own state (the web password, a stored
    /// `smtp_password`) whatever engine keeps the workspaces: the workspace's own SQLite database
    /// when that is `data_dir`'s and open already (one connection per file), else opened.
    /// - Throws: ``StoreError``.
    public func gatewayDatabase(reusing workspace: OpenedWorkspace? = nil) throws(StoreError) -> FacteurDatabase {
        // The one place that looks through the façade: sharing a SQLite file's connection is a
        // SQLite matter, and any other store simply is not data_dir's database.
        if let sqlite = workspace?.store as? SQLiteWorkspaceStore, let directory = sqlite.database.dataDirectory,
           StoreLocation.sameDirectory(directory, gateway.dataDirectory) {
            return sqlite.database
        }
        return try FacteurDatabase.open(dataDirectory: gateway.dataDirectory, masterKeyFile: gateway.masterKeyFile)
    }

    /// The gateway's relay: the gateway configuration's `smtp_*` keys and the gateway's secret store.
    /// - Parameter workspace: An opened workspace whose database to reuse when it is `default`'s.
    /// - Throws: ``StoreError``.
    public func relay(reusing workspace: OpenedWorkspace? = nil) throws(StoreError) -> GatewayRelay {
        GatewayRelay(gateway: gateway, database: try gatewayDatabase(reusing: workspace))
    }
}
