import Hummingbird
import NIOCore

/// `GET /oauth2/auth`, `POST /oauth2/token`, `POST /oauth2/revoke` — the sandbox's OAuth server,
/// on the same host as the API (the real one lives on `oauth.qonto.com`).
///
/// Behaviour is described on ``OAuthAuthority``. Error bodies are RFC 6749 JSON
/// (`{"error","error_description"}`): 400 for a bad request or grant, 401 `invalid_client` for bad
/// client credentials; authorize errors about the client or the redirect URI are shown directly
/// (400), the others are sent back to the redirect URI, as RFC 6749 §4.1.2.1 requires.
struct OAuthRoutes {
    let oauth: OAuthAuthority

    /// The largest form body read (tokens and codes are short).
    static let maxBody = 64 * 1024

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/oauth2/auth") { request, _ in
            Replies.oauth(await oauth.authorize(FormParameters(request.uri.query ?? "")))
        }
        router.post("/oauth2/token") { request, _ in
            Replies.oauth(await oauth.token(try await OAuthRoutes.form(request)))
        }
        router.post("/oauth2/revoke") { request, _ in
            Replies.oauth(await oauth.revoke(try await OAuthRoutes.form(request)))
        }
    }

    /// The decoded `application/x-www-form-urlencoded` body.
    static func form(_ request: Request) async throws -> FormParameters {
        var request = request
        let buffer = try await request.collectBody(upTo: maxBody)
        return FormParameters(String(buffer: buffer))
    }
}
