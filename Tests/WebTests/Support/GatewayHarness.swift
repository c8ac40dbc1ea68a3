import FacteurApp
import FacteurCore
import FacteurTesting
import Foundation
import Hummingbird
import Logging
import Store
import Testing
import Web

/// A gateway of several workspaces in a temporary data directory, laid out as
/// ``FacteurApp/WorkspaceCatalog`` reads it (`data_dir/workspaces/<id>/workspace.json`), opened
/// through FacteurApp, with the pages over it as the daemon will build them
/// (``Web/WebWorkspace/live(_:pollWake:deliveryWake:)``, ``Web/WebGateway/live(workspaces:pages:gateway:gatewaySecrets:qontoRequests:)``).
struct GatewayHarness {
    let directory: TemporaryDirectory
    let gateway: FacteurConfiguration
    let opened: [OpenedWorkspace]
    /// Each workspace as a ``WebHarness`` (its folder and database), to seed it.
    let workspaces: [String: WebHarness]
    /// The gateway's own store (`data_dir`), which keeps `metrics_token`.
    let gatewaySecrets: SecretStore

    /// Creates the workspaces named (valid names), each with its own sender and customer inbox.
    /// - Parameter extra: More keys per workspace (e.g. `qonto_client_id` for OAuth).
    init(_ names: [String], extra: [String: [String: String]] = [:]) throws {
        directory = try TemporaryDirectory("facteur-gateway")
        let data = "\(directory.path)/data"
        gateway = try FacteurConfiguration(values: [
            "data_dir": data, "templates_dir": "\(Repository.root)/templates", "smtp_url": "file://\(directory.path)/mail",
        ])
        let catalog = WorkspaceCatalog(gateway: gateway)
        for name in names {
            let folder = "\(catalog.root)/\(name)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            // The supplier inbox the seeded messages are addressed to (a Retry re-addresses a message
            // whose inbox changed, which these one-line spool files cannot be)
            var keys = ["smtp_from": "factures@\(name).example.fr", "pennylane_supplier_inbox": "supplier@pennylane.test",
                        "pennylane_customer_inbox": "customer-\(name)@pennylane.test"]
            keys.merge(extra[name] ?? [:]) { _, new in new }
            let json = try JSONSerialization.data(withJSONObject: keys, options: [.sortedKeys])
            _ = FileManager.default.createFile(atPath: "\(folder)/\(WorkspaceCatalog.keysFileName)", contents: json,
                                           attributes: [.posixPermissions: 0o600])
        }
        opened = try catalog.workspaces().map { try OpenedWorkspace($0, in: catalog) }
        var harnesses: [String: WebHarness] = [:]
        for workspace in opened {
            // Seeding is SQLite's: these gateways keep the default store (SQLite in each folder).
            let store = try #require(workspace.store as? SQLiteWorkspaceStore)
            harnesses[workspace.id.rawValue] = WebHarness(directory: directory, dataPath: workspace.base.dataDirectory,
                                                          database: store.database)
        }
        workspaces = harnesses
        gatewaySecrets = SecretStore(database: try FacteurDatabase.open(dataDirectory: data), masterKeyFile: gateway.masterKeyFile)
    }

    subscript(_ name: String) -> WebHarness { workspaces[name]! }

    /// The pages of the gateway, as the daemon builds them.
    /// - Parameter notServed: Workspaces the daemon skipped at start, with their problems.
    func webGateway(qontoRequests: @escaping @Sendable () -> QontoRequestTotals = { QontoRequestTotals() },
                    notServed: [WorkspaceID: [String]] = [:]) -> WebGateway {
        .live(workspaces: opened, pages: opened.map { WebWorkspace.live($0, pollWake: nil, deliveryWake: nil) }, gateway: gateway,
              gatewaySecrets: gatewaySecrets, qontoRequests: qontoRequests, notServed: notServed)
    }

    func application(host: String = "127.0.0.1", passwordHash: String? = nil,
                     qontoRequests: @escaping @Sendable () -> QontoRequestTotals = { QontoRequestTotals() },
                     notServed: [WorkspaceID: [String]] = [:],
                     onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        async throws -> Application<RouterResponder<WebRequestContext>> {
        var logger = Logger(label: "web-gateway-test")
        logger.logLevel = .warning
        return try await buildWebApplication(
            configuration: WebConfiguration(host: host, port: 0, templatesDirectory: WebHarness.templates, passwordHash: { passwordHash }),
            gateway: webGateway(qontoRequests: qontoRequests, notServed: notServed), logger: logger, onServerRunning: onServerRunning)
    }

    func remove() { directory.remove() }
}
