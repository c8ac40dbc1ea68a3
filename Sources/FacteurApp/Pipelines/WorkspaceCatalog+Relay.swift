import FacteurCore
public import Store

extension WorkspaceCatalog {
    /// `data_dir`'s database, which keeps the gateway's own state (the web password, a stored
    /// `smtp_password`): the workspace `default`'s database when that one is open already (one
    /// connection per file), else opened.
    /// - Throws: ``StoreError``.
    public func gatewayDatabase(reusing workspace: OpenedWorkspace? = nil) throws(StoreError) -> FacteurDatabase {
        if let workspace, workspace.id == .default { return workspace.database }
        return try FacteurDatabase.open(dataDirectory: gateway.dataDirectory, masterKeyFile: gateway.masterKeyFile)
    }

    /// The gateway's relay: the gateway configuration's `smtp_*` keys and the gateway's secret store.
    /// - Parameter workspace: An opened workspace whose database to reuse when it is `default`'s.
    /// - Throws: ``StoreError``.
    public func relay(reusing workspace: OpenedWorkspace? = nil) throws(StoreError) -> GatewayRelay {
        GatewayRelay(gateway: gateway, database: try gatewayDatabase(reusing: workspace))
    }
}
