import Foundation
import QontoSandbox
import Testing

/// The OAuth server: authorization code + PKCE, rotation with a 60 s grace, expiry, revocation.
struct OAuthTests {
    static let client = [("client_id", "facteur-sandbox"), ("client_secret", "sandbox-client-secret")]
    static let verifier = "dBjftJeZ4CVP-mJ92K9qXpDUk2iA9ssfGXtk9WD8L8Fh"
    static let challenge = "9IoGmDBLh1C7VRFGNQIgqsGvRO8_-VPRFlu6K1gKBcU"
    static let allScopes = "offline_access supplier_invoice.read client_invoices.read attachment.read organization.read"

    /// `GET /oauth2/auth` and the query of the redirect it answers with.
    static func authorize(_ http: RawHTTP, scope: String = allScopes, state: String = "state-0123456789",
                          client: String = "facteur-sandbox", pkce: Bool = true) async throws -> (RawHTTP.Reply, [String: String]) {
        var query = "client_id=\(client)&redirect_uri=\(RawHTTP.formEncode("http://127.0.0.1:9/callback"))&response_type=code"
            + "&scope=\(RawHTTP.formEncode(scope))&state=\(state)"
        if pkce { query += "&code_challenge=\(challenge)&code_challenge_method=S256" }
        let reply = try await http.get("/oauth2/auth?" + query, auth: nil)
        let location = reply.header("Location") ?? ""
        var parameters: [String: String] = [:]
        for pair in (URLComponents(string: location)?.queryItems ?? []) { parameters[pair.name] = pair.value ?? "" }
        return (reply, parameters)
    }

    /// A fresh access token (and refresh token, with `offline_access`) via the full code flow.
    static func tokens(_ http: RawHTTP, scope: String = allScopes) async throws -> [String: Any] {
        let (_, redirect) = try await authorize(http, scope: scope)
        let reply = try await http.postForm("/oauth2/token", [("grant_type", "authorization_code"), ("code", redirect["code"] ?? ""),
                                                         ("redirect_uri", "http://127.0.0.1:9/callback"), ("code_verifier", verifier)] + client)
        return reply.json
    }

    static func accessToken(_ http: RawHTTP, scope: String = allScopes) async throws -> String {
        let tokens = try await tokens(http, scope: scope)
        return try #require(tokens["access_token"] as? String)
    }

    static func refresh(_ http: RawHTTP, _ token: String) async throws -> RawHTTP.Reply {
        try await http.postForm("/oauth2/token", [("grant_type", "refresh_token"), ("refresh_token", token)] + client)
    }

    @Test func theCodeFlowWithPKCEGivesBearerTokensThatOpenTheAPI() async throws {
        try await withSandbox { sandbox, http in
            let (redirect, parameters) = try await Self.authorize(http)
            #expect(redirect.status == 302)
            #expect(redirect.header("Location")?.hasPrefix("http://127.0.0.1:9/callback?") == true)
            #expect(parameters["state"] == "state-0123456789")
            #expect(await sandbox.issuedAuthorizationCode(state: "state-0123456789") == parameters["code"])
            let exchange = try await http.postForm("/oauth2/token", [("grant_type", "authorization_code"), ("code", parameters["code"] ?? ""),
                                                                ("redirect_uri", "http://127.0.0.1:9/callback"),
                                                                ("code_verifier", Self.verifier)] + Self.client)
            #expect(exchange.status == 200)
            #expect(exchange.json["token_type"] as? String == "bearer")
            #expect(exchange.json["expires_in"] as? Int == 3600)
            #expect(exchange.json["scope"] as? String == Self.allScopes)
            let access = try #require(exchange.json["access_token"] as? String)
            #expect(exchange.json["refresh_token"] is String)
            #expect(try await http.get("/v2/supplier_invoices", auth: "Bearer \(access)").status == 200)
            let again = try await http.postForm("/oauth2/token", [("grant_type", "authorization_code"), ("code", parameters["code"] ?? ""),
                                                             ("code_verifier", Self.verifier)] + Self.client)
            #expect(again.status == 400 && again.json["error"] as? String == "invalid_grant")
            let log = await sandbox.requests()
            #expect(!log.contains { $0.query.contains(parameters["code"] ?? "?") })
        }
    }

    @Test func aWrongCodeVerifierIsAnInvalidGrant() async throws {
        try await withSandbox { _, http in
            let (_, parameters) = try await Self.authorize(http)
            let reply = try await http.postForm("/oauth2/token", [("grant_type", "authorization_code"), ("code", parameters["code"] ?? ""),
                                                             ("code_verifier", "not-the-verifier-at-all-0000000000000000")] + Self.client)
            #expect(reply.status == 400 && reply.json["error"] as? String == "invalid_grant")
        }
    }

    @Test func authorizeRejectsUnknownClientsAndScopes() async throws {
        try await withSandbox { _, http in
            let (unknown, _) = try await Self.authorize(http, client: "someone-else")
            #expect(unknown.status == 400 && unknown.json["error"] as? String == "invalid_client")
            let (refused, parameters) = try await Self.authorize(http, scope: "offline_access client_invoice.read")
            #expect(refused.status == 302)
            #expect(parameters["error"] == "invalid_scope")
            #expect(parameters["error_description"]?.contains("'client_invoice.read'") == true)
            #expect(parameters["code"] == nil && parameters["state"] == "state-0123456789")
        }
    }

    @Test func aBadClientSecretIsInvalidClient() async throws {
        try await withSandbox { _, http in
            let reply = try await http.postForm("/oauth2/token", [("grant_type", "refresh_token"), ("refresh_token", "x"),
                                                             ("client_id", "facteur-sandbox"), ("client_secret", "nope")])
            #expect(reply.status == 401 && reply.json["error"] as? String == "invalid_client")
        }
    }

    @Test func refreshRotatesAndTheOldTokenLivesSixtySecondsAfterItsFirstUse() async throws {
        let clock = TestClock()
        try await withSandbox(clock: clock) { _, http in
            let first = try #require(try await Self.tokens(http)["refresh_token"] as? String)
            let rotated = try await Self.refresh(http, first)
            #expect(rotated.status == 200)
            let second = try #require(rotated.json["refresh_token"] as? String)
            #expect(second != first)
            #expect(rotated.json["access_token"] as? String != nil)

            clock.advance(seconds: 59)
            #expect(try await Self.refresh(http, first).status == 200)  // a retry inside the grace period
            clock.advance(seconds: 2)
            let late = try await Self.refresh(http, first)
            #expect(late.status == 400 && late.json["error"] as? String == "invalid_grant")
            #expect((late.json["error_description"] as? String)?.isEmpty == false)
            #expect(try await Self.refresh(http, second).status == 200)  // the rotated one is still fine
        }
    }

    @Test func accessTokensExpireAfterTheirTTL() async throws {
        let clock = TestClock()
        try await withSandbox(clock: clock, configure: { $0.accessTokenTTL = 5 }) { sandbox, http in
            let token = try await Self.accessToken(http)
            #expect(try await http.get("/v2/organization", auth: "Bearer \(token)").status == 200)
            clock.advance(seconds: 5)
            let expired = try await http.get("/v2/organization", auth: "Bearer \(token)")
            #expect(expired.status == 401 && expired.errorCode == "unauthorized")
        }
    }

    @Test func revokingARefreshTokenKillsItsWholeGrant() async throws {
        try await withSandbox { _, http in
            let tokens = try await Self.tokens(http)
            let refresh = try #require(tokens["refresh_token"] as? String)
            let access = try #require(tokens["access_token"] as? String)
            let revoke = try await http.postForm("/oauth2/revoke", [("token", refresh)] + Self.client)
            #expect(revoke.status == 200)
            #expect(try await Self.refresh(http, refresh).json["error"] as? String == "invalid_grant")
            #expect(try await http.get("/v2/organization", auth: "Bearer \(access)").status == 401)
            #expect(try await http.postForm("/oauth2/revoke", [("token", "unknown")] + Self.client).status == 200)
        }
    }

    @Test func revokeAllTokensKillsEveryIssuedTokenButNotLaterOnes() async throws {
        try await withSandbox { sandbox, http in
            let tokens = try await Self.tokens(http)
            await sandbox.faults.revokeAllTokens()
            #expect(try await http.get("/v2/organization", auth: "Bearer \(tokens["access_token"] as? String ?? "")").status == 401)
            #expect(try await Self.refresh(http, tokens["refresh_token"] as? String ?? "").json["error"] as? String == "invalid_grant")
            let fresh = try await Self.accessToken(http)
            #expect(try await http.get("/v2/organization", auth: "Bearer \(fresh)").status == 200)
            // The same switch over HTTP, for a sandbox in another process.
            #expect(try await http.postJSON("/_sandbox/faults", #"{"fault":"revoke_all_tokens"}"#).status == 200)
            #expect(try await http.get("/v2/organization", auth: "Bearer \(fresh)").status == 401)
        }
    }

    @Test func withoutOfflineAccessThereIsNoRefreshToken() async throws {
        try await withSandbox { _, http in
            let tokens = try await Self.tokens(http, scope: "supplier_invoice.read")
            #expect(tokens["access_token"] is String)
            #expect(tokens["refresh_token"] == nil)
        }
    }
}
