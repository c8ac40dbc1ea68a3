import HTTPTypes
import Hummingbird
import Logging

/// The outermost middleware: turns every error into a one-line page (never a stack trace, never
/// a secret) and puts the security headers on every response.
struct PageMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext

    /// The headers every response carries: no script, style and images only from Facteur itself,
    /// forms post only to Facteur, no framing, no referrer sent to other sites, nothing cached.
    ///
    /// `Referrer-Policy: same-origin` rather than `no-referrer`: under `no-referrer` a browser sends
    /// `Origin: null` with Facteur's own form posts, and ``RequestGuard`` needs the real origin.
    static let securityHeaders: [(HTTPField.Name, String)] = [
        (.contentSecurityPolicy, "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'"),
        (.xContentTypeOptions, "nosniff"),
        (HTTPField.Name("Referrer-Policy")!, "same-origin"),
        (.cacheControl, "no-store"),
    ]

    let renderer: PageRenderer
    let logger: Logger

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as WebError {
            response = renderer.message(error.message, status: error.status, request: request)
        } catch let error as any HTTPResponseError {
            let text = error.status == .notFound ? "There is no such page." : "The request was refused (\(error.status))."
            response = renderer.message(text, status: error.status, request: request)
        } catch {
            logger.error("web page failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            response = renderer.message("Something went wrong on Facteur's side; the server log has the details.",
                                        status: .internalServerError, request: request)
        }
        for (name, value) in Self.securityHeaders { response.headers[name] = value }
        return response
    }
}
