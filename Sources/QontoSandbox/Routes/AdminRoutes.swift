import Hummingbird
import NIOCore

/// The `/_sandbox/*` routes: drive a sandbox that runs in another process (no auth, sandbox only).
///
/// - `POST /_sandbox/faults` `{"fault": "<name>", "count": N, "retry_after": S, "status": 502}` with
///   `<name>` one of `too_many_requests` (+ optional `retry_after`), `server_error` (+ optional
///   `status`, default 500), `unauthorized`, `truncate_downloads`, `truncate_bodies`, `expire_attachment_urls`,
///   `revoke_all_tokens`, `reset` → `200 {"ok": true}`; unknown name or bad JSON → 400.
/// - `POST /_sandbox/invoices/{id}/touch` with an optional body `{"amount": "12.34"}` → `200` with
///   the updated invoice object; unknown id → 404; an amount that is not a decimal string → 400.
/// - `GET /_sandbox/requests` → `200 [{"method","path","query","authorised","authentication",
///   "status","user_agent","sent_staging_token","received_at"}, …]`; `DELETE` clears the log.
/// - `GET /_sandbox/oauth/code?state=…` → `200 {"code": "…"}` or 404: the code the last
///   `/oauth2/auth` call with that state issued, for tests that play the browser.
struct AdminRoutes {
    let state: SandboxState
    let faults: SandboxFaults
    let oauth: OAuthAuthority

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.post("/_sandbox/faults") { request, _ in
            guard let body = try await AdminRoutes.body(request) else { return AdminRoutes.badRequest("the body is not valid JSON") }
            return await armFault(body)
        }
        router.post("/_sandbox/invoices/:id/touch") { request, context in
            guard let body = try await AdminRoutes.body(request) else { return AdminRoutes.badRequest("the body is not valid JSON") }
            var amount: String?
            if case .object = body {
                amount = body["amount"]?.stringValue
                guard amount.map({ SandboxState.cents($0) != nil }) ?? true else {
                    return AdminRoutes.badRequest("amount must be a decimal string such as \"12.34\"")
                }
            }
            guard let invoice = await state.touchInvoice(id: context.parameters.get("id") ?? "", newAmount: amount) else {
                return Replies.notFound()
            }
            return Replies.json(invoice)
        }
        router.get("/_sandbox/requests") { _, _ in
            Replies.json(.array(await state.requests.map(\.json)))
        }
        router.delete("/_sandbox/requests") { _, _ in
            await state.clearRequests()
            return Replies.json(.object([("ok", .bool(true))]))
        }
        router.get("/_sandbox/oauth/code") { request, _ in
            guard let wanted = FormParameters(request.uri.query ?? "")["state"], let code = await oauth.code(forState: wanted) else {
                return Replies.notFound()
            }
            return Replies.json(.object([("code", .string(code))]))
        }
    }

    private func armFault(_ body: JSON) async -> Response {
        let count = body["count"]?.intValue ?? 1
        switch body["fault"]?.stringValue {
        case "too_many_requests": await faults.tooManyRequests(next: count, retryAfter: body["retry_after"]?.intValue)
        case "server_error": await faults.serverError(next: count, status: body["status"]?.intValue ?? 500)
        case "unauthorized": await faults.unauthorized(next: count)
        case "truncate_downloads": await faults.truncateDownloads(next: count)
        case "truncate_bodies": await faults.truncateBodies(next: count)
        case "expire_attachment_urls": await faults.expireAttachmentURLs(next: count)
        case "revoke_all_tokens": await faults.revokeAllTokens()
        case "reset": await faults.reset()
        default:
            return AdminRoutes.badRequest("fault must be one of too_many_requests, server_error, unauthorized, "
                + "truncate_downloads, truncate_bodies, expire_attachment_urls, revoke_all_tokens, reset")
        }
        return Replies.json(.object([("ok", .bool(true))]))
    }

    /// The JSON body: `.null` when empty, `nil` when malformed.
    static func body(_ request: Request) async throws -> JSON? {
        var request = request
        let buffer = try await request.collectBody(upTo: 1 << 20)
        let bytes = buffer.getBytes(at: buffer.readerIndex, length: buffer.readableBytes) ?? []
        if bytes.allSatisfy({ [0x20, 0x09, 0x0a, 0x0d].contains($0) }) { return .null }
        return try? JSONParser.parse(bytes)
    }

    static func badRequest(_ detail: String) -> Response {
        Replies.apiError(.badRequest, code: "bad_request", detail: detail)
    }
}
