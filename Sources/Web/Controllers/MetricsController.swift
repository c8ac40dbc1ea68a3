import FacteurCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Store

/// `GET /metrics`: the gateway's Prometheus exposition (``MetricsExposition``), computed at each
/// scrape from every workspace's store.
///
/// A scraper cannot fill a login form, so besides everything that opens the pages (no password on
/// loopback, or a logged-in session), a request carrying `Authorization: Bearer <metrics_token>`
/// is served; the token is a gateway secret (`facteur secret set metrics_token`, at least
/// ``minimumTokenLength`` characters), read at each scrape. Anything else gets 401 and nothing is
/// computed. The host and origin rules (``RequestGuard``) apply as to every page.
struct MetricsController: Sendable {
    /// The shortest token accepted: a shorter one is ignored (and logged), never compared.
    static let minimumTokenLength = 16

    let gateway: WebGateway
    let access: LoginAccess
    let session: SessionCookie
    let logger: Logger

    func addRoutes(to router: Router<WebRequestContext>) {
        router.get("/metrics") { request, context in try await metrics(request, client: context.clientAddress) }
    }

    func metrics(_ request: Request, client: String) async throws -> Response {
        guard try allowed(request, client: client) else {
            var response = Response(status: .unauthorized, headers: [.contentType: "text/plain; charset=utf-8"],
                                    body: ResponseBody(byteBuffer: ByteBuffer(string:
                                        "Log in, or send Authorization: Bearer <metrics_token> (set with `facteur secret set metrics_token`).\n")))
            response.headers[.wwwAuthenticate] = "Bearer realm=\"facteur\""
            return response
        }
        let rows: [WorkspaceOverviewRow]
        do {
            rows = try await gateway.overview(Date())
        } catch {
            logger.error("/metrics cannot read the workspaces", metadata: ["error": "\(error)"])
            throw WebError(.unavailable, "The metrics cannot be read right now; the server log has the details.")
        }
        let text = MetricsExposition.text(rows: rows, qonto: gateway.qontoRequests())
        return Response(status: .ok, headers: [.contentType: MetricsExposition.contentType],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// Whether the request may read the metrics: a matching bearer token, or what opens the pages.
    private func allowed(_ request: Request, client: String) throws -> Bool {
        if let presented = Self.bearer(request) {
            let token: String?
            do {
                token = try gateway.metricsToken()
            } catch {
                logger.error("cannot read the metrics token", metadata: ["error": "\(error)"])
                throw WebError.unreadableMetricsToken
            }
            if let token, token.utf8.count >= Self.minimumTokenLength,
               HMAC.constantTimeEquals(Array(presented.utf8), Array(token.utf8)) {
                return true
            }
            if let token, token.utf8.count < Self.minimumTokenLength {
                logger.error("metrics_token is shorter than \(Self.minimumTokenLength) characters: ignored")
            }
            logger.warning("/metrics refused a bearer token", metadata: ["client": "\(client)"])
            return false
        }
        switch access.state() {
        case .open: return true
        case .password(let hash): return session.isValid(request, now: Date(), passwordHash: hash)
        case .locked: throw WebError.noPasswordOffLoopback
        case .unreadable: throw WebError.unreadablePassword
        }
    }

    /// The token of an `Authorization: Bearer …` header, if any.
    static func bearer(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}

extension WebError {
    /// The metrics token cannot be read (the secret store failed).
    static let unreadableMetricsToken = WebError(.unavailable,
        "The metrics token cannot be read right now (the server log says why).")
}
