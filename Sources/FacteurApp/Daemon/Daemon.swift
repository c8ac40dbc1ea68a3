import FacteurCore
import QontoAPI
public import Logging
import ServiceLifecycle
import UnixSignals
public import Store
import Web

/// `facteur run`: every workspace's poller and outbox worker, and the web pages, as services of one
/// swift-service-lifecycle ServiceGroup. SIGTERM or SIGINT starts a graceful shutdown: no new work
/// is taken, a message being sent finishes, a window in progress is abandoned uncommitted, and the
/// process exits 0. The locks of `data_dir` and of every served workspace are held for the whole run.
///
/// The gateway (relay, templates, pages) must be right for `run` to start; a workspace whose file
/// or settings are wrong is reported and skipped while the others run (`run` refuses only when no
/// workspace is left). Workspaces are read at start: restart `facteur run` after `facteur workspace add`.
public struct Daemon: Sendable {
    /// The gateway configuration from the file and the environment.
    public let base: FacteurConfiguration
    /// `data_dir`'s database: the gateway's own state (web password, sessions, the relay's stored
    /// password), which stays in SQLite whatever engine keeps the workspaces; on SQLite it is also
    /// the workspace `default`'s store.
    public let gatewayDatabase: FacteurDatabase
    /// The logger.
    public let logger: Logger

    /// Creates the daemon.
    /// - Parameters:
    ///   - base: The gateway configuration.
    ///   - gatewayDatabase: `data_dir`'s database.
    ///   - logger: The logger.
    public init(base: FacteurConfiguration, gatewayDatabase: FacteurDatabase, logger: Logger) {
        self.base = base
        self.gatewayDatabase = gatewayDatabase
        self.logger = logger
    }

    /// Runs until SIGTERM or SIGINT.
    /// - Parameter onWebRunning: Called with the web server's port once it listens.
    /// - Throws: ``StoreError`` `.locked` when another process works on the data directory or a
    ///   workspace; ``ConfigurationProblems`` when ``RunReadiness`` finds the gateway's part wrong
    ///   or no workspace ready (the same checks as `facteur config check`); the web server's start errors.
    public func run(onWebRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let lock = try DataDirectoryLock(dataDirectory: base.dataDirectory)
        defer { withExtendedLifetime(lock) {} }
        let gatewayStore = SecretStore(database: gatewayDatabase, masterKeyFile: base.masterKeyFile)
        let gatewayProblems = RunReadiness(base, parts: [.gateway], secret: { try gatewayStore.value(name: $0) },
                                           webPasswordSet: try Self.webPasswordIsSet(gatewayDatabase)).problems
        let served = try ServedWorkspaces(catalog: WorkspaceCatalog(gateway: base), gatewayDatabase: gatewayDatabase)
        guard gatewayProblems.isEmpty, !served.ready.isEmpty else {
            throw ConfigurationProblems(problems: gatewayProblems + (served.ready.isEmpty ? served.problems : []))
        }
        defer { withExtendedLifetime(served) {} }
        served.report(to: logger)
        let relay = GatewayRelay(gateway: base, database: gatewayDatabase)
        let workspaces = served.ready.map { WorkspaceServices($0, relay: relay, logger: logger) }
        let web = try await makeWeb(workspaces, notServed: served.skipped, onWebRunning: onWebRunning)
        let services = workspaces.flatMap(\.services).map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: services + [.init(service: web)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        logger.notice("facteur run started", metadata: [
            "data_dir": "\(base.dataDirectory)", "web": "\(base.webBind.host):\(base.webBind.port)",
            "workspaces": "\(served.ready.map(\.workspace.id.rawValue).joined(separator: ","))",
        ])
        try await group.run()
        logger.notice("facteur run stopped")
    }

    /// The pages of every served workspace (the overview at `/` when there are several; a single
    /// workspace keeps today's addresses), and `/metrics` with each workspace's series and the
    /// process's Qonto request totals.
    /// Workspaces skipped at start have their row there too, first, saying why.
    private func makeWeb(_ workspaces: [WorkspaceServices], notServed: [(id: WorkspaceID, problems: [ConfigurationError])],
                         onWebRunning: @escaping @Sendable (Int) async -> Void) async throws -> some Service {
        let database = gatewayDatabase
        let opened = workspaces.map(\.workspace)
        let pages = workspaces.map { WebWorkspace(id: $0.workspace.id, store: $0.workspace.store,
                                                  actions: .live(settings: $0.settings, pollWake: $0.pollWake, deliveryWake: $0.deliveryWake)) }
        let gateway = WebGateway.live(workspaces: opened, pages: pages, gateway: base,
                                      gatewaySecrets: SecretStore(database: database, masterKeyFile: base.masterKeyFile),
                                      qontoRequests: { QontoRequestTotals(budget: .shared) },
                                      notServed: Dictionary(uniqueKeysWithValues: notServed.map { id, found in
                                          (id, found.map { "\($0.key): \($0.problem)" })
                                      }))
        return try await buildWebApplication(
            configuration: WebConfiguration(host: base.webBind.host, port: base.webBind.port,
                                            templatesDirectory: "\(base.templatesDirectory)/web",
                                            publicURL: base.webPublicURL,
                                            passwordHash: { try Settings(database: database).value(Daemon.webPasswordKey) }),
            gateway: gateway, logger: logger, onServerRunning: onWebRunning)
    }

    /// The settings key of the web password's hash (`facteur web-password`).
    public static let webPasswordKey = "web.password_hash"

    /// Whether `facteur web-password` has set a password (an empty value means cleared).
    public static func webPasswordIsSet(_ database: FacteurDatabase) throws -> Bool {
        try Settings(database: database).value(webPasswordKey).map { !$0.isEmpty } ?? false
    }
}
