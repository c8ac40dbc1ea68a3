public import FacteurCore
import Foundation
import Store

/// The workspaces a gateway serves, and where each keeps its data.
///
/// Layout under the gateway's `data_dir`:
/// - `data_dir` itself is the workspace ``WorkspaceID/default`` — a single-company data directory
///   written by any earlier release is that workspace as it stands: nothing moves, nothing is
///   re-sent, its mail-log chain verifies as before. It also keeps the gateway's own settings
///   (the web password, a stored SMTP password).
/// - `data_dir/workspaces/<id>/` is each added workspace: `workspace.json` (its keys, 0600) and its
///   own database, spool and held files. One database per company keeps every durable key
///   (records, outbox, Message-IDs, sync markers, incidents, secrets, the mail-log chain) scoped
///   to its company by construction, and one company's backfill never waits on another's writes.
///
/// `default` is listed when no workspace was added (a single-company gateway, `make demo`), when
/// the gateway configuration still carries company keys (inboxes, Qonto credentials…), or when its
/// database already holds invoices or messages (an upgraded installation).
public struct WorkspaceCatalog: Sendable {
    /// The gateway configuration (`--config`, `$FACTEUR_CONFIG`, `FACTEUR_<KEY>`).
    public let gateway: FacteurConfiguration
    /// How its workspaces' stores are opened (the engine `store_url` names).
    public var storeOpener: WorkspaceStoreOpener

    /// The name of a workspace's key file inside its folder.
    public static let keysFileName = "workspace.json"

    /// Creates the catalog of a gateway.
    /// - Parameters:
    ///   - gateway: The gateway configuration.
    ///   - storeOpener: How its workspaces' stores are opened (``WorkspaceStoreOpener/standard``).
    public init(gateway: FacteurConfiguration, storeOpener: WorkspaceStoreOpener = .standard) {
        self.gateway = gateway
        self.storeOpener = storeOpener
    }

    /// `data_dir/workspaces`.
    public var root: String { "\(gateway.dataDirectory)/workspaces" }

    /// Where a workspace keeps its database, spool and held files.
    public func directory(of id: WorkspaceID) -> String {
        id == .default ? gateway.dataDirectory : "\(root)/\(id.rawValue)"
    }

    /// The workspaces added with `facteur workspace add`, by name.
    public func added() -> [WorkspaceID] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.compactMap(WorkspaceID.init).filter { id in
            id != .default && FileManager.default.fileExists(atPath: "\(directory(of: id))/\(Self.keysFileName)")
        }.sorted()
    }

    /// Every workspace this gateway serves: `default` first when present, then the added ones by name.
    /// - Parameter defaultHoldsHistory: Whether `data_dir`'s database holds invoices or messages
    ///   (asked only when workspaces were added and the gateway file names no company key).
    public func all(defaultHoldsHistory: () throws -> Bool) rethrows -> [WorkspaceID] {
        let added = added()
        if added.isEmpty || gatewayCarriesCompanyKeys { return [.default] + added }
        return try defaultHoldsHistory() ? [.default] + added : added
    }

    /// Whether the gateway configuration sets any workspace key (the single-company way).
    public var gatewayCarriesCompanyKeys: Bool {
        gateway.rawValues.values.keys.contains(where: GatewayKeys.isCompanyKey)
    }

    /// The configuration of one workspace.
    ///
    /// `default` is the gateway configuration itself, as before workspaces. An added workspace gets
    /// the gateway keys (relay, pages, retry policy, master key) and its own file's keys — never
    /// another workspace's company keys, nor the `FACTEUR_<KEY>` environment's.
    /// - Throws: ``ConfigurationError`` naming the workspace's file and key.
    public func configuration(of id: WorkspaceID) throws(ConfigurationError) -> FacteurConfiguration {
        guard id != .default else { return gateway }
        let file = "\(directory(of: id))/\(Self.keysFileName)"
        guard FileManager.default.fileExists(atPath: file) else {
            throw ConfigurationError(key: "workspace", "no workspace \(id) (see `facteur workspace list`)")
        }
        return try configuration(of: id, keys: try Self.workspaceValues(file: file), file: file)
    }

    /// The configuration a workspace would have with these keys (its file's): the gateway keys,
    /// its folder as `data_dir` (and, on SQLite, as its store), the gateway's master key, then its own keys.
    /// - Throws: ``ConfigurationError`` naming the first invalid key.
    public func configuration(of id: WorkspaceID, keys own: [String: String], file: String?) throws(ConfigurationError) -> FacteurConfiguration {
        var values = GatewayKeys.gatewayValues(of: gateway.rawValues.values)
        values["data_dir"] = directory(of: id)
        // On SQLite each workspace's store is its own folder's database, whatever the gateway's
        // sqlite:// store_url says of data_dir; a PostgreSQL store is shared by every workspace.
        if case .sqlite = gateway.storeLocation { values["store_url"] = nil }
        values["master_key_file"] = gateway.masterKeyFile
        values.merge(own) { _, workspace in workspace }
        var configuration = try FacteurConfiguration(values: values, file: file)
        configuration.workspace = id
        return configuration
    }

    /// Reads a workspace's keys from a file in the configuration format, refusing gateway keys.
    /// - Throws: ``ConfigurationError`` naming the file and the first refused key.
    public static func workspaceValues(file: String) throws(ConfigurationError) -> [String: String] {
        let values = try ConfigurationSource.readFile(file)
        if let key = values.keys.sorted().first(where: GatewayKeys.contains) {
            throw ConfigurationError(key: key, "is a gateway setting (one per facteur process); set it in the gateway configuration, not in the workspace file \(file)")
        }
        return values
    }

    /// Picks the workspace a command works on: the one named, else the only one.
    /// - Parameters:
    ///   - requested: `--workspace ID`, if given.
    ///   - available: ``all(defaultHoldsHistory:)``.
    /// - Throws: ``ConfigurationError`` `workspace` when the name is invalid or unknown, or when
    ///   several workspaces exist and none was named.
    public static func choose(_ requested: String?, among available: [WorkspaceID]) throws(ConfigurationError) -> WorkspaceID {
        if let requested {
            guard let id = WorkspaceID(requested) else {
                throw ConfigurationError(key: "--workspace", "\"\(requested)\" is not a workspace name (\(WorkspaceID.rule))")
            }
            guard available.contains(id) else {
                let known = available.map(\.rawValue).joined(separator: ", ")
                throw ConfigurationError(key: "--workspace", "no workspace \(id) on this gateway (workspaces: \(known.isEmpty ? "none" : known))")
            }
            return id
        }
        guard available.count == 1, let only = available.first else {
            let known = available.map(\.rawValue).joined(separator: ", ")
            throw ConfigurationError(key: "--workspace", available.isEmpty
                ? "this gateway has no workspace yet: add one with `facteur workspace add ID --from FILE`"
                : "this gateway serves several workspaces (\(known)): name one with --workspace ID")
        }
        return only
    }
}
