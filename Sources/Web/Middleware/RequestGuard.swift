import HTTPTypes
import Hummingbird

/// Refuses requests addressed to a name that is not Facteur's (DNS rebinding) and state-changing
/// requests whose `Origin` (or, failing that, `Referer`) is not Facteur's own page.
///
/// It runs before the routes and before the login gate, so nothing — not even the login page or
/// a form token — is served under a foreign name. The CSRF token (``CSRFProtection``) stays the
/// second, independent check on every POST.
struct RequestGuard: RouterMiddleware {
    typealias Context = WebRequestContext

    let policy: HostPolicy

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let authority = request.head.authority, policy.allows(authority: authority) else {
            throw WebError(.misdirected, "This address is not one of Facteur's names. Open the pages as "
                           + "http://localhost or http://127.0.0.1 on the server, or set web_public_url to the name "
                           + "a reverse proxy serves them under.")
        }
        if ![.get, .head, .options].contains(request.method) {
            let origin = request.headers[.origin] ?? request.headers[.referer].flatMap(HostPolicy.origin(ofURL:))
            guard let origin, policy.allows(origin: origin, authority: authority) else {
                throw WebError(.forbidden, "This request did not come from Facteur's own page (its Origin is "
                               + "\(origin == nil ? "missing" : "another site")); nothing was changed.")
            }
        }
        return try await next(request, context)
    }
}
