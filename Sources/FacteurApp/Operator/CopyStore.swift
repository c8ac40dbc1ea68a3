public import FacteurCore
import Foundation
import Store
import StorePostgres

/// `facteur store copy --to postgres://…`: moves the workspaces' SQLite databases into a
/// PostgreSQL store, each whole in one transaction, and proves each copy before calling it done —
/// the mail-log chain verifies on PostgreSQL with the same head as on SQLite, and every table holds
/// as many of the workspace's rows as were read.
///
/// While a workspace is copied its data directory's lock is held (``WorkspaceWork/serving``), so
/// no `facteur run`, `sync` or `deliver` changes it meanwhile. The SQLite files are only read:
/// after a failure nothing is lost, and the gateway serves on from them as before.
///
/// Secrets move still encrypted: the gateways on PostgreSQL must read the same `master_key_file`.
/// The gateway's own rows of `data_dir`'s database — the web password, a stored `smtp_password`
/// or `metrics_token` — are not copied: they stay in that file, which PostgreSQL gateways keep using.
public struct CopyStore: Sendable {
    /// One workspace's copy, proven or not.
    public struct WorkspaceCopy: Sendable {
        /// The workspace.
        public let workspace: WorkspaceID
        /// Outbox messages copied.
        public var messages = 0
        /// Mail-log rows copied.
        public var logRows = 0
        /// The head of the log, verified on PostgreSQL (nil: an empty log).
        public var headSeq: Int64?
        /// Why this workspace was not copied, or its copy not proven; nil when it was.
        public var failure: String?
        /// Whether it was copied and verified.
        public var succeeded: Bool { failure == nil }
    }

    /// The gateway (its SQLite store) and its workspaces.
    public let catalog: WorkspaceCatalog
    /// The PostgreSQL store to copy into.
    public let target: PostgresStoreURL

    /// A copy of `catalog`'s workspaces into `target`.
    public init(catalog: WorkspaceCatalog, target: PostgresStoreURL) {
        self.catalog = catalog
        self.target = target
    }

    /// The gateway's own rows of `data_dir`'s database, which stay there.
    static let gatewayRows: [PostgresStoreImport.Exclusion] = [
        .init(table: "settings", column: "key", values: [Daemon.webPasswordKey]),
        .init(table: "settings_changes", column: "key", values: [Daemon.webPasswordKey]),
        .init(table: "secrets", column: "name", values: GatewayKeys.secretNames),
    ]

    /// Copies every workspace, or the one named, each on its own: one failing does not stop the others.
    /// - Parameter requested: `--workspace ID`, if given.
    /// - Returns: One result per workspace, in the catalog's order.
    /// - Throws: ``ConfigurationError`` when the gateway is not on SQLite, `data_dir` holds no
    ///   database or the workspace is unknown;
    ///   ``StoreError`` when `data_dir`'s database cannot be read.
    public func run(workspace requested: String?) throws -> [WorkspaceCopy] {
        guard case .sqlite = catalog.gateway.storeLocation else {
            throw ConfigurationError(key: "store_url", "this gateway's store is PostgreSQL already; `facteur store copy` reads "
                                     + "SQLite data directories (run it with the configuration that serves them)")
        }
        guard catalog.gatewayDatabaseExists else {
            throw ConfigurationError(key: "data_dir", "no SQLite database in \(catalog.gateway.dataDirectory): nothing to copy "
                                     + "(run `facteur store copy` with the configuration of the gateway that served from SQLite)")
        }
        let available = try catalog.all { try catalog.storeOpener.defaultHoldsHistory(catalog.gateway) }
        let chosen = try requested.map { [try WorkspaceCatalog.choose($0, among: available)] } ?? available
        return chosen.map(copy)
    }

    /// Copies and verifies one workspace; every error becomes its result's `failure`.
    private func copy(_ id: WorkspaceID) -> WorkspaceCopy {
        var result = WorkspaceCopy(workspace: id)
        do {
            try copy(id, into: &result)
        } catch {
            result.failure = ErrorReport(error)?.lines.joined(separator: "; ") ?? "\(error)"
        }
        return result
    }

    /// ``copy(_:)``'s work, under the workspace's serving lock.
    private func copy(_ id: WorkspaceID, into result: inout WorkspaceCopy) throws {
        let configuration = try catalog.configuration(of: id)
        let directory = catalog.directory(of: id)
        guard FileManager.default.fileExists(atPath: "\(directory)/facteur.sqlite") else {
            result.failure = "no SQLite database in \(directory): nothing to copy"
            return
        }
        let database = try FacteurDatabase.open(dataDirectory: directory, masterKeyFile: configuration.masterKeyFile)
        let lock = try SQLiteWorkspaceStore(database: database, workspace: id).lock(for: .serving)
        try withExtendedLifetime(lock) {
            let head = try MailLog(database: database).head()
            let connection = try PostgresEngine.connection(for: target)
            let importer = PostgresStoreImport(connection: connection, workspace: id)
            let outcome = try importer.copy(from: database, excluding: id == .default ? Self.gatewayRows : [])
            result.messages = outcome.messages
            result.logRows = outcome.logRows
            let verification = try importer.verifyMailLog(masterKey: try MasterKey.load(path: configuration.masterKeyFile))
            if let broken = verification.firstBreak {
                result.failure = "copied, but the mail log does not verify on PostgreSQL: \(broken)"
                return
            }
            guard verification.headSeq == head?.seq, verification.headHash == head?.hash else {
                result.failure = "copied, but the mail log's head on PostgreSQL (row \(verification.headSeq ?? 0)) is not SQLite's (row \(head?.seq ?? 0))"
                return
            }
            result.headSeq = head?.seq
            let counts = try importer.rowCounts()
            if let table = outcome.rows.keys.sorted().first(where: { counts[$0] != outcome.rows[$0] }) {
                result.failure = "copied, but PostgreSQL holds \(counts[table] ?? 0) rows of \(table) for the workspace, "
                    + "SQLite \(outcome.rows[table] ?? 0)"
            }
        }
    }
}
