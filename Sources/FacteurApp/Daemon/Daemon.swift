public import Logging
import ServiceLifecycle
import UnixSignals
public import Store
import Web

/// `facteur run`: the poller, the outbox worker and the web pages as services of one
/// swift-service-lifecycle ServiceGroup. SIGTERM or SIGINT starts a graceful shutdown: no new work
/// is taken, a message being sent finishes, a window in progress is abandoned uncommitted, and the
/// process exits 0. The data directory's lock is held for the whole run.
public struct Daemon: Sendable {
    /// The configuration from the file and the environment.
    public let base: FacteurConfiguration
    /// The database.
    public let database: FacteurDatabase
    /// The logger.
    public let logger: Logger

    /// Creates the daemon.
    public init(base: FacteurConfiguration, database: FacteurDatabase, logger: Logger) {
        self.base = base
        self.database = database
        self.logger = logger
    }

    /// Runs until SIGTERM or SIGINT.
    /// - Parameter onWebRunning: Called with the web server's port once it listens.
    /// - Throws: ``StoreError`` `.locked` when another process works on the data directory;
    ///   ``ConfigurationProblems`` when ``RunReadiness`` finds anything missing (the same check as
    ///   `facteur config check`); the web server's start errors.
    public func run(onWebRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let lock = try DataDirectoryLock(dataDirectory: base.dataDirectory)
        defer { withExtendedLifetime(lock) {} }
        let settings = EditableSettings(base: base, database: database)
        let configuration = try settings.effective()
        let secretStore = SecretStore(database: database, masterKeyFile: configuration.masterKeyFile)
        let readiness = RunReadiness(configuration, secret: { try secretStore.value(name: $0) },
                                     webPasswordSet: try Self.webPasswordIsSet(database))
        guard readiness.problems.isEmpty else { throw ConfigurationProblems(problems: readiness.problems) }
        let secrets = DaemonSecrets(read: { try secretStore.value(name: $0) }, write: { try secretStore.set(name: $0, value: $1) })
        let transport = try? configuration.resolvingSecrets(from: secretStore).makeTransport()
        let desk = IncidentDesk(configuration: configuration, transport: transport, database: database, logger: logger)
        let pollWake = Wakeup()
        let deliveryWake = Wakeup()
        let poller = PollingService(settings: settings, secrets: secrets, desk: desk, wake: pollWake, windowEnded: deliveryWake,
                                    logger: logger)
        let worker = OutboxWorker(settings: settings, secrets: secretStore, desk: desk, wake: deliveryWake, logger: logger)
        let web = try await buildWebApplication(
            configuration: WebConfiguration(host: configuration.webBind.host, port: configuration.webBind.port,
                                            templatesDirectory: "\(configuration.templatesDirectory)/web",
                                            publicURL: configuration.webPublicURL,
                                            passwordHash: { try Settings(database: database).value(Daemon.webPasswordKey) }),
            actions: .live(settings: settings, pollWake: pollWake, deliveryWake: deliveryWake),
            database: database, logger: logger, onServerRunning: onWebRunning)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: poller), .init(service: worker), .init(service: web)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        logger.notice("facteur run started", metadata: ["data_dir": "\(base.dataDirectory)", "web": "\(configuration.webBind.host):\(configuration.webBind.port)"])
        try await group.run()
        logger.notice("facteur run stopped")
    }

    /// The settings key of the web password's hash (`facteur web-password`).
    public static let webPasswordKey = "web.password_hash"

    /// Whether `facteur web-password` has set a password (an empty value means cleared).
    public static func webPasswordIsSet(_ database: FacteurDatabase) throws -> Bool {
        try Settings(database: database).value(webPasswordKey).map { !$0.isEmpty } ?? false
    }
}
