public import FacteurCore
public import Store

/// One workspace, opened: its configuration, its store (over its migrated database), its
/// settings-page overrides and its secret vault. Every command and the daemon reach a company's
/// data through this.
public struct OpenedWorkspace: Sendable {
    /// The workspace's name.
    public let id: WorkspaceID
    /// Its configuration before the settings page's overrides (``WorkspaceCatalog/configuration(of:)``).
    public let base: FacteurConfiguration
    /// Its SQLite database, for the composition root (the daemon's connection sharing, the pages'
    /// gateway); use cases take ``store``.
    public let database: FacteurDatabase

    /// Opens a workspace of a catalog (creating its database on first use).
    /// - Throws: ``ConfigurationError`` for its keys, ``StoreError`` for its data directory.
    public init(_ id: WorkspaceID, in catalog: WorkspaceCatalog) throws {
        self.id = id
        base = try catalog.configuration(of: id)
        database = try FacteurDatabase.open(dataDirectory: base.dataDirectory, masterKeyFile: base.masterKeyFile)
    }

    /// Its store: how use cases reach its data (``WorkspaceStore``).
    public var store: any WorkspaceStore { SQLiteWorkspaceStore(database: database, workspace: id) }

    /// The settings-page overrides over ``base``.
    public var settings: EditableSettings { EditableSettings(base: base, database: database) }

    /// The configuration in effect (the settings page's overrides applied).
    /// - Throws: ``ConfigurationError``, ``StoreError``.
    public func effective() throws -> FacteurConfiguration { try settings.effective() }

    /// The workspace's secret store (its Qonto and Pennylane secrets), under the gateway's master key.
    public var secrets: any SecretVault { store.secrets(masterKeyFile: base.masterKeyFile) }
}

extension WorkspaceCatalog {
    /// Every workspace this gateway serves (``all(defaultHoldsHistory:)``, asking `data_dir`'s
    /// database whether it holds a company's history when that decides).
    /// - Throws: ``StoreError`` when `data_dir`'s database cannot be opened.
    public func workspaces() throws -> [WorkspaceID] {
        try all(defaultHoldsHistory: {
            try FacteurDatabase.open(dataDirectory: gateway.dataDirectory, masterKeyFile: gateway.masterKeyFile).holdsHistory()
        })
    }

    /// Opens the workspace a command names (`--workspace`), or the only one.
    /// - Throws: ``ConfigurationError`` `--workspace` when none or an unknown one is named among
    ///   several; ``StoreError``.
    public func open(_ requested: String?) throws -> OpenedWorkspace {
        try OpenedWorkspace(Self.choose(requested, among: workspaces()), in: self)
    }
}
