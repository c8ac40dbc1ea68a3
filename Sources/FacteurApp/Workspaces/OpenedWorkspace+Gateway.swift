public import FacteurCore
public import Store

extension OpenedWorkspace {
    /// Opens a workspace of a catalog, reusing `data_dir`'s database as the store of the workspace
    /// whose store it is (`default`'s on SQLite: it doubles as the gateway's, and a process keeps
    /// one connection per file).
    /// - Parameters:
    ///   - id: The workspace.
    ///   - catalog: The gateway's catalog.
    ///   - gatewayDatabase: `data_dir`'s database, already open.
    /// - Throws: ``ConfigurationError`` for its keys, ``StoreError`` for its data.
    public init(_ id: WorkspaceID, in catalog: WorkspaceCatalog, gatewayDatabase: FacteurDatabase) throws {
        try self.init(id, in: catalog, opener: catalog.storeOpener.reusing(gatewayDatabase))
    }
}
