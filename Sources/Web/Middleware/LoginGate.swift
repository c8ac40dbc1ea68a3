import Foundation
import HTTPTypes
import Hummingbird

/// Sends visitors without a valid session to `/login` whenever a password is required: always
/// when the pages are bound off loopback, and on loopback as soon as the owner set a password
/// (`facteur web-password`), since a loopback page is reachable by any local user and any page the
/// operator's browser opens. Page requests are redirected (303) with the page asked for in
/// `next`; anything else is refused (403). The login page itself and the stylesheet stay reachable.
///
/// The stored hash is read at each request, so a password set, changed or cleared from another
/// process takes effect at once (and a change or a clear ends every session: ``SessionCookie``).
struct LoginGate: RouterMiddleware {
    typealias Context = WebRequestContext

    /// Paths served without a session (`/metrics` checks its bearer token or the session itself).
    static let openPaths: Set<String> = ["/login", "/style.css", "/metrics"]

    let session: SessionCookie
    let access: LoginAccess

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.openPaths.contains(request.uri.path) { return try await next(request, context) }
        switch access.state() {
        case .open:
            return try await next(request, context)
        case .locked:
            throw WebError.noPasswordOffLoopback
        case .unreadable:
            throw WebError.unreadablePassword
        case .password(let hash):
            if session.isValid(request, now: Date(), passwordHash: hash) { return try await next(request, context) }
        }
        if request.method == .get || request.method == .head {
            let asked = request.uri.path == "/" && request.uri.query == nil ? nil : request.uri.description
            return Response.redirect(to: LoginAccess.loginPath(next: asked), type: .normal)
        }
        throw WebError(.forbidden, "Log in first: this action needs a session.")
    }
}
