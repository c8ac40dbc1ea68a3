import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Store
import Synchronization

/// `GET /login`, `POST /login` and `POST /logout`, meaningful while a password is required (off
/// loopback always; on loopback once one is set: ``LoginAccess``); otherwise they lead back to the
/// status page.
///
/// A failed login answers the same message whatever was wrong (a wrong password, none, an
/// unreadable hash) after a short delay; ``LoginThrottle`` refuses further attempts from a client,
/// or from everyone, past its limits, without computing the hash. Every failure and refusal is
/// logged with the client's address.
final class LoginController: Sendable {
    /// The delay before a failed login is answered.
    static let failureDelay: Duration = .milliseconds(750)

    let access: LoginAccess
    let renderer: PageRenderer
    let session: SessionCookie
    let throttle: Mutex<LoginThrottle>
    let logger: Logger

    init(access: LoginAccess, renderer: PageRenderer, session: SessionCookie, logger: Logger) {
        self.access = access
        self.renderer = renderer
        self.session = session
        self.logger = logger
        throttle = Mutex(LoginThrottle())
    }

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get("/login") { request, _ in self.form(request) }
        router.post("/login") { request, context in try await self.login(request, client: context.clientAddress) }
        router.post("/logout") { request, _ in try await self.logout(request) }
    }

    func form(_ request: Request) -> Response {
        let next = LoginAccess.safeNext(FormFields(query: request)["next"])
        switch access.state() {
        case .open:
            return Response.redirect(to: next ?? "/", type: .normal)
        case .locked, .unreadable:
            let error = access.state() == .unreadable ? WebError.unreadablePassword : WebError.noPasswordOffLoopback
            return renderer.message(error.message, status: .serviceUnavailable, request: request)
        case .password(let hash):
            if session.isValid(request, now: Date(), passwordHash: hash) { return Response.redirect(to: next ?? "/", type: .normal) }
            return loginPage(request, next: next)
        }
    }

    func login(_ request: Request, client: String) async throws -> Response {
        let form = try await FormFields.body(of: request)
        try renderer.csrf.verify(request, form: form)
        let next = LoginAccess.safeNext(form["next"])
        let stored: String
        switch access.state() {
        case .open: return Response.redirect(to: next ?? "/", type: .normal)
        case .locked: return renderer.message(WebError.noPasswordOffLoopback.message, status: .serviceUnavailable, request: request)
        case .unreadable: return renderer.message(WebError.unreadablePassword.message, status: .serviceUnavailable, request: request)
        case .password(let hash): stored = hash
        }
        let attempt: LoginThrottle.Attempt
        // Behind a local reverse proxy the peer address is the proxy's, the same for everyone.
        let throttled: String? = access.behindProxy && LoopbackHost.isLoopback(client) ? nil : client
        switch throttle.withLock({ $0.begin(client: throttled, now: Date()) }) {
        case .success(let started):
            attempt = started
        case .failure(let refusal):
            let minutes = max(1, Int((refusal.retryAfter / 60).rounded(.up)))
            logger.warning("web login refused: too many failed attempts",
                           metadata: ["client": "\(client)", "scope": "\(refusal.everyone ? "everyone" : "client")"])
            var response = loginPage(request, next: next, status: .tooManyRequests,
                                     error: strings(request).tooMany(minutes, !refusal.everyone))
            response.headers[.retryAfter] = String(Int(refusal.retryAfter.rounded(.up)))
            return response
        }
        let password = form["password"] ?? ""
        if !password.isEmpty, PasswordHash.verify(password: password, against: stored) {
            throttle.withLock { $0.succeeded(attempt) }
            logger.notice("web login", metadata: ["client": "\(client)"])
            var response = Response.redirect(to: next ?? "/", type: .normal)
            response.setCookie(session.issue(now: Date(), passwordHash: stored))
            return response
        }
        logger.notice("failed web login", metadata: ["client": "\(client)"])
        try await Task.sleep(for: Self.failureDelay)
        return loginPage(request, next: next, status: .unauthorized, error: strings(request).wrongPassword)
    }

    func logout(_ request: Request) async throws -> Response {
        let form = try await FormFields.body(of: request)
        try renderer.csrf.verify(request, form: form)
        session.end(request)
        var response = Response.redirect(to: access.state() == .open ? "/" : "/login", type: .normal)
        response.setCookie(session.cleared())
        return response
    }

    private func loginPage(_ request: Request, next: String?, status: HTTPResponse.Status = .ok, error: String? = nil) -> Response {
        let labels = strings(request)
        return renderer.page("login", title: labels.title, path: "/login", content: LoginContent(next: next, labels: labels),
                             request: request, status: status, error: error, loggedIn: false)
    }

    /// The login texts in the request's language (``PageRenderer/display(for:)``).
    private func strings(_ request: Request) -> LoginStrings {
        .forLanguage(renderer.display(for: request).language)
    }
}
