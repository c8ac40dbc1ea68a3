import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Store

/// `GET /login`, `POST /login` and `POST /logout`, meaningful only when the pages require a login
/// (a non-loopback bind); otherwise they lead back to the status page.
///
/// A failed login answers the same message whatever was wrong (no such password set, a wrong one,
/// an unreadable hash) after a short delay, which slows guessing without locking the owner out.
struct LoginController: Sendable {
    /// The delay before a failed login is answered.
    static let failureDelay: Duration = .milliseconds(750)
    /// The failure message.
    static let failureMessage = "Wrong password."

    let configuration: WebConfiguration
    let renderer: PageRenderer
    let session: SessionCookie
    let logger: Logger

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/login") { request, _ in form(request) }
        router.post("/login") { request, _ in try await login(request) }
        router.post("/logout") { request, _ in try await logout(request) }
    }

    func form(_ request: Request) -> Response {
        guard configuration.requiresLogin, !session.isValid(request, now: Date()) else {
            return Response.redirect(to: "/", type: .normal)
        }
        return renderer.page("login", title: "Log in", path: "/login", content: MessageContent(message: ""),
                             request: request, loggedIn: false)
    }

    func login(_ request: Request) async throws -> Response {
        guard configuration.requiresLogin else { return Response.redirect(to: "/", type: .normal) }
        let form = try await FormFields.body(of: request)
        try renderer.csrf.verify(request, form: form)
        let password = form["password"] ?? ""
        var stored: String?
        do {
            stored = try configuration.passwordHash()
        } catch {
            logger.error("cannot read the web password hash", metadata: ["error": "\(error)"])
        }
        if let stored, !password.isEmpty, PasswordHash.verify(password: password, against: stored) {
            logger.notice("web login")
            var response = Response.redirect(to: "/", type: .normal)
            response.setCookie(session.issue(now: Date()))
            return response
        }
        logger.notice("failed web login")
        try await Task.sleep(for: Self.failureDelay)
        return renderer.page("login", title: "Log in", path: "/login", content: MessageContent(message: ""),
                             request: request, status: .unauthorized, error: Self.failureMessage, loggedIn: false)
    }

    func logout(_ request: Request) async throws -> Response {
        let form = try await FormFields.body(of: request)
        try renderer.csrf.verify(request, form: form)
        var response = Response.redirect(to: configuration.requiresLogin ? "/login" : "/", type: .normal)
        response.setCookie(session.cleared())
        return response
    }
}
