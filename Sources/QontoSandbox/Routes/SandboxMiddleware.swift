import Hummingbird

/// Everything that happens around a route: the staging gate, the gateway's 404, armed faults,
/// authentication and scopes, `x-request-id`, and the request log.
///
/// Order for a `/v2` request, as at Qonto (gateway first, then the Rails app):
/// 1. with ``SandboxConfiguration/stagingToken`` set and no matching `X-Qonto-Staging-Token` →
///    `200 text/html` OneLogin page (every path but `/_sandbox/*`);
/// 2. with ``SandboxConfiguration/rateLimits`` set, over a limit → `429` with `Retry-After` (`/v2`
///    and `/oauth2` alike: Qonto counts per address);
/// 3. a path no route serves → `404 text/plain` "Not Found" with `x-tyk-trace-id`, before any auth;
/// 4. an armed fault (``SandboxFaults``) → 401 / 429 / 5xx;
/// 5. `Authorization` checked: `<login>:<secret>` (API key, no `Bearer`, no Base64) or
///    `Bearer <access token>` issued by `/oauth2/token`; otherwise `401 unauthorized`;
/// 6. an OAuth token without the endpoint's scope → `403 forbidden` "missing required OAuth scope: …"
///    (attachments accept `attachment.read` or `organization.read`; API keys have every scope);
/// 7. the route; `x-request-id` is added to its response.
struct SandboxMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    let state: SandboxState
    let faults: SandboxFaults
    let oauth: OAuthAuthority
    let configuration: SandboxConfiguration
    let rateLimiter: SandboxRateLimiter

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path.hasPrefix("/_sandbox/") { return try await routeOrGateway404(request, context, next) }
        let receivedAt = configuration.now()
        var authentication: String?
        var response: Response
        var authorised = false
        if let token = configuration.stagingToken, request.headers[Replies.stagingToken] != token {
            response = Replies.oneLogin()
        } else if path.hasPrefix("/v2") || path.hasPrefix("/oauth2/"), let retryAfter = await rateLimiter.admit(at: receivedAt) {
            response = SandboxMiddleware.response(for: .tooManyRequests(retryAfter: retryAfter))
        } else if path.hasPrefix("/v2/") || path == "/v2" {
            (response, authentication, authorised) = try await api(request, context, next)
        } else {
            response = try await routeOrGateway404(request, context, next)
            authorised = response.status.code < 400 && response.headers[Replies.tykTraceID] == nil
        }
        await state.record(SandboxRequest(
            method: request.method.rawValue, path: path, query: SandboxRequest.redact(request.uri.query ?? ""),
            authorised: authorised, authentication: authentication, status: response.status.code,
            userAgent: request.headers[.userAgent], sentStagingToken: request.headers[Replies.stagingToken] != nil,
            receivedAt: receivedAt))
        return response
    }

    private func api(_ request: Request, _ context: Context,
                     _ next: (Request, Context) async throws -> Response) async throws -> (Response, String?, Bool) {
        guard let scopes = SandboxMiddleware.requiredScopes(request.uri.path) else { return (Replies.gatewayNotFound(), nil, false) }
        let header = request.headers[.authorization]
        let method = header.map { $0.lowercased().hasPrefix("bearer ") ? "bearer" : $0.contains(":") ? "api_key" : "other" }
        if let fault = await faults.takeAPIFault() { return (SandboxMiddleware.response(for: fault), method, false) }

        guard let header else {
            return (Replies.apiError(.unauthorized, code: "unauthorized", detail: "The Authorization header is missing"), nil, false)
        }
        switch method {
        case "bearer":
            let token = String(header.dropFirst(7)).trimmingSpaces
            switch await oauth.validate(accessToken: token) {
            case .valid(let granted):
                if configuration.enforceScopes, granted.isDisjoint(with: scopes) {
                    let detail = "missing required OAuth scope: \(scopes.sorted().joined(separator: " or "))"
                    return (Replies.apiError(.forbidden, code: "forbidden", detail: detail), method, false)
                }
            case .expired:
                return (Replies.apiError(.unauthorized, code: "unauthorized", detail: "Access token is expired"), method, false)
            case .unknown:
                return (Replies.apiError(.unauthorized, code: "unauthorized", detail: "Access token is invalid or revoked"), method, false)
            }
        case "api_key":
            let parts = header.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, configuration.apiKeys[String(parts[0]).trimmingSpaces] == String(parts[1]).trimmingSpaces else {
                return (Replies.apiError(.unauthorized, code: "unauthorized", detail: "Invalid API key"), method, false)
            }
        default:
            return (Replies.apiError(.unauthorized, code: "unauthorized",
                                     detail: "Unsupported Authorization header: use <login>:<secret-key> or Bearer <token>"), method, false)
        }
        var response = try await routeOrGateway404(request, context, next)
        if response.status == .ok, await faults.takeTruncatedBody() { response = Replies.truncatedJSON() }
        if response.headers[Replies.requestID] == nil, response.headers[Replies.tykTraceID] == nil {
            response.headers[Replies.requestID] = Replies.newRequestID()
        }
        return (response, method, true)
    }

    private func routeOrGateway404(_ request: Request, _ context: Context,
                                   _ next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound || error.status == .methodNotAllowed {
            return Replies.gatewayNotFound()
        }
    }

    /// The scopes of which a token needs one for this `/v2` path; `nil` when no route serves it.
    static func requiredScopes(_ path: String) -> Set<String>? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard parts.count >= 2, parts.count <= 3, parts[0] == "v2" else { return nil }
        switch (parts[1], parts.count) {
        case ("organization", 2): return ["organization.read"]
        case ("supplier_invoices", _): return ["supplier_invoice.read"]
        case ("client_invoices", _): return ["client_invoices.read"]
        case ("transactions", _): return ["organization.read"]
        case ("attachments", 3): return ["attachment.read", "organization.read"]
        default: return nil
        }
    }

    static func response(for fault: SandboxFaults.APIFault) -> Response {
        switch fault {
        case .unauthorized:
            return Replies.apiError(.unauthorized, code: "unauthorized", detail: "Access token is invalid or expired")
        case .tooManyRequests(let retryAfter):
            var headers = HTTPFields()
            if let retryAfter { headers[.retryAfter] = String(retryAfter) }
            return Replies.apiError(.tooManyRequests, code: "too_many_requests", detail: "Rate limit exceeded", headers: headers)
        case .serverError(let status) where status == 502:
            return Replies.badGateway()
        case .serverError(let status) where status == 503:
            return Replies.apiError(.serviceUnavailable, code: "service_unavailable", detail: "Service temporarily unavailable")
        case .serverError(let status):
            return Replies.apiError(HTTPResponse.Status(code: status), code: "internal_server_error", detail: "Something went wrong")
        }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return String(text)
    }
}
