// Web: the status page, the mail log, the settings page and the login, served by Hummingbird 2
// with swift-mustache templates from `templates/web`. It sits below the app: it reads the mail log
// through Store, and what it can *do* (health, retry, settings) is handed in by FacteurApp as
// ``WebActions``, so Web never imports FacteurApp.
public import Hummingbird
public import Logging
import NIOCore
public import Store

/// Builds the web pages' router for one workspace, as a single-company release serves them.
///
/// The same as ``buildWebRouter(configuration:gateway:logger:)`` with a gateway of one workspace
/// (`default`), whose `/metrics` row is read from its health report and its outbox.
/// - Parameters:
///   - configuration: Where to bind, the templates, the password hash.
///   - actions: What the pages can ask of the application.
///   - store: The workspace's store (for the mail log).
///   - logger: The logger.
/// - Returns: The router.
/// - Throws: ``WebError`` as ``buildWebRouter(configuration:gateway:logger:)`` does.
public func buildWebRouter(configuration: WebConfiguration, actions: WebActions, store: any WorkspaceStore,
                           logger: Logger) async throws -> Router<WebRequestContext> {
    try await buildWebRouter(configuration: configuration, gateway: .single(actions: actions, store: store), logger: logger)
}

/// Builds the web pages' router of a gateway: middleware, routes and templates, without a server.
///
/// Each workspace's pages (status, mail log, settings, the problem actions) are served under
/// `/w/<id>/`; with exactly one workspace they are also served at `/`, `/log`, `/settings`… as
/// in a single-company release, and with several `/` is the overview. The host and origin checks,
/// CSRF, the login and the sessions are the gateway's: one login for every workspace.
/// `/metrics` answers Prometheus (``MetricsController``).
///
/// Tests may drive it with `app.test(.router)`; ``buildWebApplication(configuration:gateway:logger:onServerRunning:)``
/// wraps it in a server.
/// - Parameters:
///   - configuration: Where to bind, the templates, the password hash.
///   - gateway: The workspaces and what only the gateway answers.
///   - logger: The logger.
/// - Returns: The router.
/// - Throws: ``WebError`` `.configuration` when the bind address is not loopback and no password
///   is set, or two workspaces share a name; `.templates` when a template or the stylesheet is
///   missing or broken.
public func buildWebRouter(configuration: WebConfiguration, gateway: WebGateway,
                           logger: Logger) async throws -> Router<WebRequestContext> {
    if configuration.requiresLogin {
        let hash: String?
        do {
            hash = try configuration.passwordHash()
        } catch {
            throw WebError(.configuration, "cannot read the web password: \(error)")
        }
        guard let hash, !hash.isEmpty else {
            throw WebError(.configuration, "web_bind \(configuration.bindDescription) is not a loopback address: "
                           + "set a password first with `facteur web-password`")
        }
    }
    guard Set(gateway.workspaces.map(\.id)).count == gateway.workspaces.count else {
        throw WebError(.configuration, "two workspaces handed to the pages share a name")
    }
    let (library, stylesheet) = try await PageRenderer.load(directory: configuration.templatesDirectory)
    let access = LoginAccess(offLoopback: configuration.requiresLogin, behindProxy: configuration.publicURL != nil,
                             passwordHash: configuration.passwordHash, logger: logger)
    let csrf = CSRFProtection(secureCookies: configuration.secureCookies)
    let session = SessionCookie(secureCookies: configuration.secureCookies)
    // The pages no workspace owns speak the only workspace's language when there is one.
    let preferences = gateway.servesOverview ? gateway.preferences : gateway.workspaces[0].actions.preferences
    var gatewayRenderer = PageRenderer(library: library, stylesheet: stylesheet, csrf: csrf, session: session, access: access,
                                       preferences: preferences)
    gatewayRenderer.servesOverview = gateway.servesOverview
    let renderer = gatewayRenderer

    let router = Router(context: WebRequestContext.self)
    // Middleware first: Hummingbird wraps each route with the middleware added before it. The page
    // middleware renders every refusal, the guard refuses foreign names and origins before anything
    // else runs, and the login gate comes last.
    router.add(middleware: PageMiddleware(renderer: renderer, logger: logger))
    router.add(middleware: RequestGuard(policy: HostPolicy(bindHost: configuration.host, publicURL: configuration.publicURL)))
    router.add(middleware: LoginGate(session: session, access: access))
    router.get("/style.css") { _, _ in renderer.stylesheetResponse() }
    let notices = Signer()
    let directory = WorkspaceDirectory(workspaces: gateway.workspaces, several: gateway.servesOverview, renderer: renderer)
    for mount in directory.mounts {
        StatusController(notices: notices, logger: logger).addRoutes(to: router, at: mount.prefix, scope: mount.scope)
        ProblemActionsController(notices: notices, logger: logger).addRoutes(to: router, at: mount.prefix, scope: mount.scope)
        LogController().addRoutes(to: router, at: mount.prefix, scope: mount.scope)
        SettingsController(logger: logger).addRoutes(to: router, at: mount.prefix, scope: mount.scope)
    }
    if gateway.servesOverview { OverviewController(gateway: gateway, renderer: renderer, logger: logger).addRoutes(to: router) }
    MetricsController(gateway: gateway, access: access, session: session, logger: logger).addRoutes(to: router)
    LoginController(access: access, renderer: renderer, session: session, logger: logger).addRoutes(to: router)
    return router
}

/// Builds the web server: a Hummingbird `Application` (a swift-service-lifecycle `Service`) to run
/// in the daemon's `ServiceGroup`.
///
/// ```swift
/// let web = try await buildWebApplication(configuration: .init(host: "127.0.0.1", port: 8080),
///                                         actions: actions, store: store, logger: logger)
/// let group = ServiceGroup(configuration: .init(services: [poller, worker, web], logger: logger))
/// ```
/// - Parameters:
///   - configuration: Where to bind, the templates, the password hash.
///   - actions: What the pages can ask of the application.
///   - store: The workspace's store (for the mail log).
///   - logger: The logger.
///   - onServerRunning: Called once listening, with the bound port (the one picked when
///     ``WebConfiguration/port`` is 0).
/// - Returns: The application; run it with `run()` or in a `ServiceGroup`.
/// - Throws: ``WebError`` as ``buildWebRouter(configuration:gateway:logger:)`` does.
public func buildWebApplication(configuration: WebConfiguration, actions: WebActions, store: any WorkspaceStore,
                                logger: Logger, onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in })
    async throws -> Application<RouterResponder<WebRequestContext>> {
    try await buildWebApplication(configuration: configuration, gateway: .single(actions: actions, store: store),
                                  logger: logger, onServerRunning: onServerRunning)
}

/// Builds the web server of a gateway serving one or many workspaces (see
/// ``buildWebRouter(configuration:gateway:logger:)`` for what is served where).
/// - Parameters:
///   - configuration: Where to bind, the templates, the password hash.
///   - gateway: The workspaces and what only the gateway answers.
///   - logger: The logger.
///   - onServerRunning: Called once listening, with the bound port.
/// - Returns: The application; run it with `run()` or in a `ServiceGroup`.
/// - Throws: ``WebError`` as ``buildWebRouter(configuration:gateway:logger:)`` does.
public func buildWebApplication(configuration: WebConfiguration, gateway: WebGateway,
                                logger: Logger, onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in })
    async throws -> Application<RouterResponder<WebRequestContext>> {
    let router = try await buildWebRouter(configuration: configuration, gateway: gateway, logger: logger)
    return Application(router: router,
                       configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                            serverName: nil),
                       onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
                       logger: logger)
}
