import Foundation
import HTTPTypes
import Hummingbird

/// Everything around an API route, in this order: a forced 429 (``PennylaneSandbox/tooManyRequests(next:retryAfter:)``),
/// the Bearer token (unknown or missing → 401), the per-token rate limit (→ 429 with `retry-after`),
/// the scope of the resource (`<resource>:readonly` or `<resource>:all`, else 403), then the route.
/// Every admitted response carries `ratelimit-limit`, `ratelimit-remaining` and `ratelimit-reset`.
/// Paths outside the API base and `/_sandbox/` get a JSON 404.
struct SandboxMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    let store: SandboxStore
    let configuration: PennylaneSandboxConfiguration

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path.hasPrefix("/_sandbox/") { return try await routeOrNotFound(request, context, next) }
        let receivedAt = configuration.now()
        let apiPath = path.hasPrefix(PennylaneSandbox.apiPrefix + "/") ? String(path.dropFirst(PennylaneSandbox.apiPrefix.count)) : nil
        var authenticated = false
        var response: Response
        if let apiPath {
            (response, authenticated) = try await api(request, apiPath: apiPath, context, next)
        } else {
            response = Replies.error(.notFound, "Not found")
        }
        await store.record(PennylaneSandboxRequest(
            method: request.method.rawValue, path: apiPath ?? path, query: QueryItems(request.uri.query ?? "").dictionary,
            authenticated: authenticated, status: response.status.code, receivedAt: receivedAt))
        return response
    }

    private func api(_ request: Request, apiPath: String, _ context: Context,
                     _ next: (Request, Context) async throws -> Response) async throws -> (Response, Bool) {
        let (forced, forcedRetryAfter) = await store.takeForcedTooManyRequests()
        if forced { return (Self.tooManyRequests(retryAfter: forcedRetryAfter), false) }

        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            return (Replies.error(.unauthorized, "Access token is missing"), false)
        }
        let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        guard let scopes = configuration.tokens[token] else {
            return (Replies.error(.unauthorized, "Access token is invalid, expired or revoked"), false)
        }
        let limit = await store.admit(token: token)
        var headers = HTTPFields()
        headers[.rateLimitLimit] = String(configuration.rateLimit)
        headers[.rateLimitRemaining] = String(limit.remaining)
        headers[.rateLimitReset] = String(limit.reset)
        if let retryAfter = limit.retryAfter {
            return (Self.tooManyRequests(retryAfter: retryAfter, headers: headers), true)
        }
        guard let resource = Self.resource(of: apiPath) else {
            return (Replies.error(.notFound, "Not found", headers: headers), true)
        }
        guard scopes.contains("\(resource):readonly") || scopes.contains("\(resource):all") else {
            return (Replies.error(.forbidden, "The API token does not have the required scope: \(resource):readonly", headers: headers), true)
        }
        var response = try await routeOrNotFound(request, context, next)
        for field in headers { response.headers[field.name] = field.value }
        return (response, true)
    }

    private func routeOrNotFound(_ request: Request, _ context: Context,
                                 _ next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound || error.status == .methodNotAllowed {
            return Replies.error(.notFound, "Not found")
        }
    }

    /// `429 {"error": "Too many requests", "status": 429}` with `retry-after` when given.
    static func tooManyRequests(retryAfter: Int?, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        if let retryAfter { fields[.retryAfterName] = String(retryAfter) }
        return Replies.error(.tooManyRequests, "Too many requests", headers: fields)
    }

    /// The resource whose scope a path needs: `/suppliers…` and `/changelogs/suppliers` → `suppliers`.
    static func resource(of apiPath: String) -> String? {
        let parts = apiPath.split(separator: "/").map(String.init)
        let known = Set(PennylaneDataset.Resource.allCases.map(\.rawValue))
        if parts.count == 2, parts[0] == "changelogs", known.contains(parts[1]) { return parts[1] }
        if (1...2).contains(parts.count), known.contains(parts[0]) { return parts[0] }
        return nil
    }
}
