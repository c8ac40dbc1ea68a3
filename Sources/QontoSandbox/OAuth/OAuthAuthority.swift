/// The sandbox's OAuth 2.0 server state: authorization codes, access and refresh tokens.
///
/// It follows what qonto-api.md §2.2 documents for Qonto's (Ory Hydra-like) server:
/// - consent is automatic (there is no browser): `/oauth2/auth` redirects at once with a code;
/// - codes are single use and live `authorizationCodeTTL` (10 minutes); PKCE `S256` is checked
///   when a challenge was sent (`plain` is refused, as Hydra does by default);
/// - client credentials are read from the form body only (`client_secret_post`); HTTP Basic is
///   not accepted, so a client that sends it learns at once;
/// - a refresh token is returned only when `offline_access` was granted; every refresh rotates it;
///   the old one keeps working for `refreshGraceSeconds` after its **first** use (each use inside
///   the grace mints another fresh pair), then gets `invalid_grant`;
/// - access tokens from before a refresh stay valid until they expire;
/// - revoking any token of a grant revokes the whole grant (all its access and refresh tokens).
actor OAuthAuthority {
    /// The scopes Qonto's OAuth server knows; others are refused at authorize time.
    static let knownScopes: Set<String> = [
        "offline_access", "supplier_invoice.read", "client_invoices.read", "attachment.read", "organization.read", "openid",
    ]

    /// The result of checking a bearer token.
    enum Validation: Equatable {
        case valid(scopes: Set<String>)
        case expired
        case unknown
    }

    private struct Code {
        var clientID: String, redirectURI: String, scopes: [String], challenge: String?, expiresAt: Instant
    }
    private struct AccessToken {
        var grantID: String, scopes: Set<String>, expiresAt: Instant
    }
    private struct RefreshToken {
        var clientID: String, grantID: String, scopes: [String], expiresAt: Instant, firstUsedAt: Instant?
    }

    private let clients: [String: String]
    private let accessTokenTTL: Int64
    private let refreshTokenTTL: Int64
    private let refreshGrace: Int64
    private let codeTTL: Int64
    private let clock: @Sendable () -> Instant
    private var codes: [String: Code] = [:]
    private var codesByState: [String: String] = [:]
    private var accessTokens: [String: AccessToken] = [:]
    private var refreshTokens: [String: RefreshToken] = [:]

    init(configuration: SandboxConfiguration) {
        clients = configuration.oauthClients
        accessTokenTTL = Int64(configuration.accessTokenTTL)
        refreshTokenTTL = Int64(configuration.refreshTokenTTL)
        refreshGrace = Int64(configuration.refreshGraceSeconds)
        codeTTL = Int64(configuration.authorizationCodeTTL)
        let now = configuration.now
        clock = { Instant(now()) }
    }

    // MARK: Authorize

    /// Handles `GET /oauth2/auth`; the outcome is a redirect or a direct error page.
    func authorize(_ query: FormParameters) -> OAuthOutcome {
        guard let clientID = query["client_id"], clients[clientID] != nil else {
            return .error(status: 400, error: "invalid_client", description: "Client authentication failed (e.g., unknown client).")
        }
        guard let redirectURI = query["redirect_uri"], redirectURI.hasPrefix("http://") || redirectURI.hasPrefix("https://") else {
            return .error(status: 400, error: "invalid_request", description: "The 'redirect_uri' parameter is missing or malformed.")
        }
        let state = query["state"] ?? ""
        func redirect(_ pairs: [(String, String)]) -> OAuthOutcome {
            let separator = redirectURI.contains("?") ? "&" : "?"
            return .redirect(redirectURI + separator + FormParameters.encode(pairs + [("state", state)]))
        }
        guard query["response_type"] == "code" else {
            return redirect([("error", "unsupported_response_type"),
                             ("error_description", "The authorization server does not support obtaining a token using this method.")])
        }
        guard state.count >= 8 else {
            // Hydra refuses short states ("invalid_state"): it is the client's CSRF protection.
            return redirect([("error", "invalid_state"), ("error_description", "The state is missing or has less than 8 characters.")])
        }
        let scopes = (query["scope"] ?? "").split(separator: " ").map(String.init)
        if let refused = scopes.first(where: { !OAuthAuthority.knownScopes.contains($0) }) {
            return redirect([("error", "invalid_scope"),
                             ("error_description", "The OAuth 2.0 Client is not allowed to request scope '\(refused)'.")])
        }
        let challenge = query["code_challenge"]
        if challenge != nil, query["code_challenge_method"] != "S256" {
            return redirect([("error", "invalid_request"), ("error_description", "Clients must use code_challenge_method=S256.")])
        }
        let code = "sim_code_" + OAuthAuthority.randomHex()
        codes[code] = Code(clientID: clientID, redirectURI: redirectURI, scopes: scopes, challenge: challenge,
                           expiresAt: clock().adding(seconds: codeTTL))
        codesByState[state] = code
        return redirect([("code", code), ("scope", scopes.joined(separator: " "))])
    }

    /// The last code issued for `state` (for tests that play the browser's part).
    func code(forState state: String) -> String? { codesByState[state] }

    // MARK: Token

    /// Handles `POST /oauth2/token` (form body).
    func token(_ form: FormParameters) -> OAuthOutcome {
        guard let clientID = form["client_id"], let secret = form["client_secret"], clients[clientID] == secret else {
            return .error(status: 401, error: "invalid_client",
                          description: "Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method).")
        }
        let now = clock()
        switch form["grant_type"] {
        case "authorization_code":
            guard let code = form["code"], let grant = codes.removeValue(forKey: code), grant.clientID == clientID, grant.expiresAt >= now else {
                return invalidGrant("The authorization code is invalid, expired, already used or was issued to another client.")
            }
            if let sent = form["redirect_uri"], sent != grant.redirectURI {
                return invalidGrant("The 'redirect_uri' does not match the one used in the authorization request.")
            }
            if let challenge = grant.challenge {
                guard let verifier = form["code_verifier"], SHA256.hash(Array(verifier.utf8)).base64URLString == challenge else {
                    return invalidGrant("The PKCE code challenge did not match the code verifier.")
                }
            }
            return .json(issue(clientID: clientID, grantID: OAuthAuthority.randomHex(), scopes: grant.scopes, now: now))
        case "refresh_token":
            guard let token = form["refresh_token"], var record = refreshTokens[token], record.clientID == clientID else {
                return invalidGrant("The refresh token is malformed, revoked or was issued to another client.")
            }
            guard record.expiresAt >= now else { return invalidGrant("The refresh token expired.") }
            if let firstUse = record.firstUsedAt {
                guard now.milliseconds - firstUse.milliseconds <= refreshGrace * 1000 else {
                    return invalidGrant("The refresh token was already rotated and its grace period is over.")
                }
            } else {
                record.firstUsedAt = now
                refreshTokens[token] = record
            }
            return .json(issue(clientID: clientID, grantID: record.grantID, scopes: record.scopes, now: now))
        case nil:
            return .error(status: 400, error: "invalid_request", description: "The 'grant_type' parameter is missing.")
        case let other?:
            return .error(status: 400, error: "unsupported_grant_type", description: "The grant type '\(other)' is not supported.")
        }
    }

    /// Handles `POST /oauth2/revoke` (RFC 7009): unknown tokens are not an error.
    func revoke(_ form: FormParameters) -> OAuthOutcome {
        guard let clientID = form["client_id"], let secret = form["client_secret"], clients[clientID] == secret else {
            return .error(status: 401, error: "invalid_client", description: "Client authentication failed.")
        }
        if let token = form["token"] {
            let grantID = accessTokens[token]?.grantID ?? refreshTokens[token].flatMap { $0.clientID == clientID ? $0.grantID : nil }
            if let grantID { revokeGrant(grantID) }
        }
        return .empty
    }

    /// Checks an access token presented as `Authorization: Bearer …`.
    func validate(accessToken: String) -> Validation {
        guard let record = accessTokens[accessToken] else { return .unknown }
        return record.expiresAt > clock() ? .valid(scopes: record.scopes) : .expired
    }

    /// Forgets every issued token (the consent was revoked).
    func revokeAll() {
        accessTokens.removeAll()
        refreshTokens.removeAll()
    }

    // MARK: Helpers

    private func issue(clientID: String, grantID: String, scopes: [String], now: Instant) -> JSON {
        let access = "sim_at_" + OAuthAuthority.randomHex()
        accessTokens[access] = AccessToken(grantID: grantID, scopes: Set(scopes), expiresAt: now.adding(seconds: accessTokenTTL))
        var members: [(String, JSON)] = [
            ("access_token", .string(access)), ("token_type", .string("bearer")), ("expires_in", .int(Int(accessTokenTTL))),
        ]
        if scopes.contains("offline_access") {
            let refresh = "sim_rt_" + OAuthAuthority.randomHex()
            refreshTokens[refresh] = RefreshToken(clientID: clientID, grantID: grantID, scopes: scopes,
                                                  expiresAt: now.adding(seconds: refreshTokenTTL), firstUsedAt: nil)
            members.append(("refresh_token", .string(refresh)))
        }
        members.append(("scope", .string(scopes.joined(separator: " "))))
        return .object(members)
    }

    private func revokeGrant(_ grantID: String) {
        accessTokens = accessTokens.filter { $0.value.grantID != grantID }
        refreshTokens = refreshTokens.filter { $0.value.grantID != grantID }
    }

    private func invalidGrant(_ description: String) -> OAuthOutcome {
        .error(status: 400, error: "invalid_grant", description: description)
    }

    /// 32 random hex digits (tokens need not be reproducible, unlike the dataset).
    static func randomHex() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }.hexString
    }
}

/// What an OAuth endpoint answers.
enum OAuthOutcome: Equatable {
    /// `302 Found` to this location.
    case redirect(String)
    /// `200` with this JSON body.
    case json(JSON)
    /// `200` with an empty body.
    case empty
    /// An RFC 6749 error: `{"error": …, "error_description": …}` with this status.
    case error(status: Int, error: String, description: String)
}
