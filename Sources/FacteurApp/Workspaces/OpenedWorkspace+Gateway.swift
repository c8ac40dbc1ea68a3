public import FacteurCore
public import Store

extension OpenedWorkspace {
    /// Opens a workspace of a catalog, reusing `data_dir`'s database for the workspace `default`
    /// (it doubles as the gateway's: one connection per file in a process).
    /// - Parameters:
    ///   - id: The workspace.
    ///   - catalog: The gateway's catalog.
    ///   - gatewayDatabase: `data_dir`'s database, already open.
    /// - Throws: ``ConfigurationError`` for its keys, ``StoreError`` for its data directory.
    public init(_ id: WorkspaceID, in catalog: WorkspaceCatalog, gatewayDatabase: FacteurDatabase) throws {
        if id == .default {
            self.init(id: id, base: try catalog.configuration(of: id), database: gatewayDatabase)
        } else {
            try self.init(id, in: catalog)
        }
    }

    /// A workspace whose database is open already.
    init(id: WorkspaceID, base: FacteurConfiguration, database: FacteurDatabase) {
        self.id = id
        self.base = base
        self.database = database
    }
}
