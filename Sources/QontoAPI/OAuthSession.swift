public import Curl
import FacteurCore
public import Foundation

/// OAuth tokens as stored (encrypted) by Facteur.
public struct OAuthTokens: Sendable, Hashable, Codable {
    /// The access token (1 h at Qonto).
    public var accessToken: String
    /// The refresh token (90 days; rotated on every refresh).
    public var refreshToken: String
    /// When the access token expires.
    public var expiresAt: Date
    /// The granted scopes.
    public var scope: String?

    /// Creates tokens.
    public init(accessToken: String, refreshToken: String, expiresAt: Date, scope: String?) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
        self.scope = scope
    }
}

/// Where tokens are kept: loaded at start, saved after every exchange or refresh.
public struct OAuthTokenStore: Sendable {
    /// Reads the stored tokens (nil when not connected).
    public var load: @Sendable () throws -> OAuthTokens?
    /// Persists tokens durably; called before a new access token is used.
    public var save: @Sendable (OAuthTokens) throws -> Void

    /// Creates a store from two functions.
    public init(load: @escaping @Sendable () throws -> OAuthTokens?, save: @escaping @Sendable (OAuthTokens) throws -> Void) {
        self.load = load
        self.save = save
    }
}

/// The OAuth client side: authorization-code exchange and refresh with rotation.
///
/// Qonto rotates the refresh token on every refresh and kills the old one 60 s after its first use,
/// so refreshes are serialised (one lock) and the new pair is saved before the new access token is
/// used: a crash right after a refresh never leaves us holding only a dead refresh token.
public final class OAuthSession: @unchecked Sendable {
    // @unchecked: `cached` is only read and written while `lock` is held.
    /// The client id.
    public let clientID: String
    private let clientSecret: Secret
    private let tokenURL: String
    private let store: OAuthTokenStore
    private let now: @Sendable () -> Date
    private let lock = NSLock()
    private var cached: OAuthTokens?

    /// Creates a session.
    /// - Parameters:
    ///   - clientID: `qonto_client_id`.
    ///   - clientSecret: `qonto_client_secret`.
    ///   - oauthURL: The OAuth server base (`/oauth2/token` is appended).
    ///   - store: Where the tokens live.
    ///   - now: The clock.
    public init(clientID: String, clientSecret: String, oauthURL: String, store: OAuthTokenStore,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.clientID = clientID
        self.clientSecret = Secret(clientSecret)
        tokenURL = oauthURL + "/oauth2/token"
        self.store = store
        self.now = now
    }

    /// A valid access token, refreshed first when it expires within 60 seconds.
    /// - Throws: ``QontoError`` `.invalidGrant` when not connected or the refresh token is dead.
    /// - Parameter gate: The client's way through the ``QontoRequestBudget`` (a refresh is a request).
    func accessToken(using http: CurlHTTPClient, extraHeaders: [(name: String, value: String)],
                     gate: RequestGate? = nil) throws(QontoError) -> String {
        lock.lock()
        defer { lock.unlock() }
        let tokens = try current()
        if tokens.expiresAt.timeIntervalSince(now()) > 60 { return tokens.accessToken }
        return try refreshLocked(tokens, http: http, extraHeaders: extraHeaders, gate: gate).accessToken
    }

    /// Refreshes now (after a 401), unless another caller already did since `staleToken` was used.
    public func refresh(after staleToken: String, using http: CurlHTTPClient, extraHeaders: [(name: String, value: String)]) throws(QontoError) {
        try refresh(after: staleToken, using: http, extraHeaders: extraHeaders, gate: nil)
    }

    /// ``refresh(after:using:extraHeaders:)`` through a client's ``QontoRequestBudget`` gate.
    func refresh(after staleToken: String, using http: CurlHTTPClient, extraHeaders: [(name: String, value: String)],
                 gate: RequestGate?) throws(QontoError) {
        lock.lock()
        defer { lock.unlock() }
        let tokens = try current()
        guard tokens.accessToken == staleToken else { return }
        _ = try refreshLocked(tokens, http: http, extraHeaders: extraHeaders, gate: gate)
    }

    /// A per-process hash of the stored refresh token (0 when there is none): stands for the grant,
    /// which a reconnect replaces. Never the token itself.
    func grantFingerprint() -> Int {
        lock.lock()
        defer { lock.unlock() }
        guard let tokens = try? current() else { return 0 }
        return tokens.refreshToken.hashValue
    }

    /// Exchanges an authorization code (with its PKCE verifier) for tokens, and stores them.
    /// - Throws: ``QontoError`` when the server refuses the code.
    public func exchange(code: String, verifier: String, redirectURI: String, using http: CurlHTTPClient,
                         extraHeaders: [(name: String, value: String)] = []) throws(QontoError) -> OAuthTokens {
        lock.lock()
        defer { lock.unlock() }
        let tokens = try post(["grant_type": "authorization_code", "code": code, "code_verifier": verifier,
                               "redirect_uri": redirectURI], previous: nil, http: http, extraHeaders: extraHeaders, gate: nil)
        try save(tokens)
        return tokens
    }

    private func current() throws(QontoError) -> OAuthTokens {
        if let cached { return cached }
        let loaded: OAuthTokens?
        do { loaded = try store.load() } catch {
            throw QontoError(.invalidGrant, "cannot read the stored Qonto tokens: \(error)")
        }
        guard let loaded else { throw QontoError(.invalidGrant, "not connected to Qonto: run `facteur connect`") }
        cached = loaded
        return loaded
    }

    private func refreshLocked(_ tokens: OAuthTokens, http: CurlHTTPClient, extraHeaders: [(name: String, value: String)],
                               gate: RequestGate?) throws(QontoError) -> OAuthTokens {
        let fresh = try post(["grant_type": "refresh_token", "refresh_token": tokens.refreshToken],
                             previous: tokens, http: http, extraHeaders: extraHeaders, gate: gate)
        try save(fresh)
        return fresh
    }

    private func save(_ tokens: OAuthTokens) throws(QontoError) {
        // Kept in memory first: Qonto has already rotated, so the old refresh token is dying; if the
        // store fails, this process can still work (and retry the save at the next refresh).
        cached = tokens
        do { try store.save(tokens) } catch {
            throw QontoError(.transport, "cannot store the rotated Qonto tokens: \(error)")
        }
    }

    private func post(_ fields: [String: String], previous: OAuthTokens?, http: CurlHTTPClient,
                      extraHeaders: [(name: String, value: String)], gate: RequestGate?) throws(QontoError) -> OAuthTokens {
        var form = fields
        form["client_id"] = clientID
        form["client_secret"] = clientSecret.exposedValue
        let body = FormEncoding.encode(form)
        let response: HTTPResponse
        try gate?.enter()
        do {
            response = try http.perform(HTTPRequest(method: "POST", url: tokenURL, headers: [
                ("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json"),
            ] + extraHeaders, body: Array(body.utf8)))
        } catch {
            throw QontoError(.transport, "Qonto token endpoint unreachable: \(error)")
        }
        gate?.answered(response.status)
        let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        guard (200..<300).contains(response.status) else {
            let error = json?["error"] as? String ?? "HTTP \(response.status)"
            if error == "invalid_grant" || error == "invalid_client" {
                throw QontoError(.invalidGrant, "Qonto refused the \(fields["grant_type"] == "refresh_token" ? "refresh token" : "authorization code") (\(error)): run `facteur connect` again", status: response.status)
            }
            throw QontoError(response.status >= 500 ? .server : .rejected, "Qonto token endpoint answered \(error)", status: response.status)
        }
        guard let json, let access = json["access_token"] as? String, !access.isEmpty else {
            throw QontoError(.notJSON, "Qonto token endpoint did not answer with tokens (HTTP \(response.status), \(response.headers["content-type"] ?? "no content type"))")
        }
        let expiresIn = (json["expires_in"] as? NSNumber)?.doubleValue ?? 3600
        // Qonto always rotates; keep the old refresh token only if a server ever omits a new one.
        let refresh = json["refresh_token"] as? String ?? previous?.refreshToken ?? ""
        return OAuthTokens(accessToken: access, refreshToken: refresh, expiresAt: now().addingTimeInterval(expiresIn),
                           scope: json["scope"] as? String ?? previous?.scope)
    }
}
