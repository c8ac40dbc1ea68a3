import FacteurCore
public import Foundation
public import QontoAPI
import Store

/// Builds the Qonto client from the configuration and the secret store.
///
/// Secrets may come from the configuration (`qonto_secret_key`, `qonto_client_secret`) or, better,
/// from the encrypted secret store (`facteur secret set qonto_secret_key`); OAuth tokens always
/// live in the secret store (`qonto_oauth_tokens`).
public enum QontoConnection {
    /// The secret holding the OAuth tokens (JSON).
    public static let tokensSecret = "qonto_oauth_tokens"

    /// A client for the configured credentials.
    /// - Parameters:
    ///   - configuration: The configuration.
    ///   - secret: Reads a secret from the store by name (nil when absent).
    ///   - saveSecret: Writes a secret to the store (rotated OAuth tokens).
    /// - Throws: ``ConfigurationError`` naming the missing key, ``QontoError``.
    ///   - sleep: How to wait between retries (seconds); tests pass one that returns at once.
    public static func client(_ configuration: FacteurConfiguration,
                              secret: @escaping @Sendable (String) throws -> String?,
                              saveSecret: @escaping @Sendable (String, String) throws -> Void,
                              sleep: @escaping (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }) throws -> QontoClient {
        var qonto = configuration.qonto
        // The process's one request budget takes turns between workspaces by this label, and
        // /metrics counts each workspace's requests and 429s under it.
        qonto.settings.label = configuration.workspace.rawValue
        switch qonto.authentication {
        case nil:
            throw ConfigurationError(key: "qonto_login", "not set: configure qonto_login (API key) or qonto_client_id (OAuth)")
        case .apiKey(let login, let configured):
            guard let key = try configured ?? secret("qonto_secret_key").map(Secret.init) else {
                throw ConfigurationError(key: "qonto_secret_key", "not set: run `facteur secret set qonto_secret_key` (or set it in the configuration)")
            }
            return try QontoClient(settings: qonto.settings, credentials: .apiKey(login: login, secretKey: key), sleep: sleep)
        case .oauth(let clientID, let configured, _):
            guard let clientSecret = try configured?.exposedValue ?? secret("qonto_client_secret") else {
                throw ConfigurationError(key: "qonto_client_secret", "not set: run `facteur secret set qonto_client_secret`")
            }
            return try QontoClient(settings: qonto.settings, credentials: .oauth(session(
                clientID: clientID, clientSecret: clientSecret, oauthURL: qonto.settings.oauthURL, secret: secret, saveSecret: saveSecret)),
                sleep: sleep)
        }
    }

    /// An OAuth session whose tokens live in the secret store as JSON.
    public static func session(clientID: String, clientSecret: String, oauthURL: String,
                               secret: @escaping @Sendable (String) throws -> String?,
                               saveSecret: @escaping @Sendable (String, String) throws -> Void) -> OAuthSession {
        let store = OAuthTokenStore(
            load: {
                guard let text = try secret(tokensSecret) else { return nil }
                return try JSONDecoder().decode(OAuthTokens.self, from: Data(text.utf8))
            },
            save: { tokens in
                // The refresh token's issue date goes with it, for the overview's expiry warning.
                let data = QontoRefreshTokenDate.stamp(try JSONEncoder().encode(tokens), previous: try? secret(tokensSecret),
                                                       now: Date())
                try saveSecret(tokensSecret, String(decoding: data, as: UTF8.self))
            })
        return OAuthSession(clientID: clientID, clientSecret: clientSecret, oauthURL: oauthURL, store: store)
    }
}
