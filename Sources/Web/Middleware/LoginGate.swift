import Foundation
import HTTPTypes
import Hummingbird

/// When the pages require a login, sends visitors without a valid session to `/login`: page
/// requests are redirected (303), anything else is refused (403). The login page itself and the
/// stylesheet stay reachable.
struct LoginGate: RouterMiddleware {
    typealias Context = BasicRequestContext

    /// Paths served without a session.
    static let openPaths: Set<String> = ["/login", "/style.css"]

    let session: SessionCookie

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.openPaths.contains(request.uri.path) || session.isValid(request, now: Date()) {
            return try await next(request, context)
        }
        if request.method == .get || request.method == .head {
            return Response.redirect(to: "/login", type: .normal)
        }
        throw WebError(.forbidden, "Log in first: this action needs a session.")
    }
}
