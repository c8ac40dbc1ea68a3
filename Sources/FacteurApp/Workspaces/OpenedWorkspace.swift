public import FacteurCore
public import Store

/// One workspace, opened: its configuration, its store (opened once, by the catalog's
/// ``WorkspaceStoreOpener``), its settings-page overrides and its secret vault. Every command and
/// the daemon reach a company's data through this, and never learn which engine keeps it.
public struct OpenedWorkspace: Sendable {
    /// The workspace's name.
    public let id: WorkspaceID
    /// Its configuration before the settings page's overrides (``WorkspaceCatalog/configuration(of:)``).
    public let base: FacteurConfiguration
    /// Its store: how use cases, the daemon's services and the pages reach its data (``WorkspaceStore``).
    public let store: any WorkspaceStore

    /// Opens a workspace of a catalog (creating its database on first use, on SQLite).
    /// - Throws: ``ConfigurationError`` for its keys (and for a store this build cannot open),
    ///   ``StoreError`` for its data.
    public init(_ id: WorkspaceID, in catalog: WorkspaceCatalog) throws {
        try self.init(id, in: catalog, opener: catalog.storeOpener)
    }

    /// Opens a workspace of a catalog with a given opener.
    init(_ id: WorkspaceID, in catalog: WorkspaceCatalog, opener: WorkspaceStoreOpener) throws {
        self.id = id
        base = try catalog.configuration(of: id)
        store = try opener.open(id, base)
    }

    /// The settings-page overrides over ``base``.
    public var settings: EditableSettings { EditableSettings(base: base, store: store) }

    /// The configuration in effect (the settings page's overrides applied).
    /// - Throws: ``ConfigurationError``, ``StoreError``.
    public func effective() throws -> FacteurConfiguration { try settings.effective() }

    /// The workspace's secret store (its Qonto and Pennylane secrets), under the gateway's master key.
    public var secrets: any SecretVault { store.secrets(masterKeyFile: base.masterKeyFile) }
}

extension WorkspaceCatalog {
    /// Every workspace this gateway serves (``all(defaultHoldsHistory:)``, asking the store opener
    /// whether `default` holds a company's history when that decides).
    /// - Throws: ``StoreError`` when `data_dir`'s database cannot be opened; ``ConfigurationError``
    ///   for a store this build cannot open.
    public func workspaces() throws -> [WorkspaceID] {
        try all(defaultHoldsHistory: { try storeOpener.defaultHoldsHistory(gateway) })
    }

    /// Opens the workspace a command names (`--workspace`), or the only one.
    /// - Throws: ``ConfigurationError`` `--workspace` when none or an unknown one is named among
    ///   several; ``StoreError``.
    public func open(_ requested: String?) throws -> OpenedWorkspace {
        try OpenedWorkspace(Self.choose(requested, among: workspaces()), in: self)
    }
}
