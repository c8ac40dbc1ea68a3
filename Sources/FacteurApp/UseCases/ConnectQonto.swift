import FacteurCore
import Curl
import Foundation
import QontoAPI

/// `facteur connect`: the OAuth authorization-code flow with PKCE, tokens into the secret store.
public struct ConnectQonto: Sendable {
    /// The configuration (OAuth mode).
    public let configuration: FacteurConfiguration
    /// Reads a named secret.
    public let secret: @Sendable (String) throws -> String?
    /// Writes a named secret.
    public let saveSecret: @Sendable (String, String) throws -> Void

    /// Creates the use case.
    public init(configuration: FacteurConfiguration, secret: @escaping @Sendable (String) throws -> String?,
                saveSecret: @escaping @Sendable (String, String) throws -> Void) {
        self.configuration = configuration
        self.secret = secret
        self.saveSecret = saveSecret
    }

    /// Runs the flow. Blocking.
    /// - Parameters:
    ///   - show: Prints the URL to open and what is happening.
    ///   - pasted: Reads the redirected URL typed by the user (when not listening).
    ///   - listen: Receive the redirect on the loopback redirect URI instead of asking for a paste.
    /// - Returns: The granted scopes.
    /// - Throws: ``ConfigurationError``, ``AppError``, ``QontoError``.
    public func run(show: (String) -> Void, pasted: () -> String?, listen: Bool, timeout: Int = 600) throws -> String? {
        guard case .oauth(let clientID, let configuredSecret, let redirectURI) = configuration.qonto.authentication else {
            throw ConfigurationError(key: "qonto_client_id", "not set: `facteur connect` is for OAuth (API-key mode needs no connection)")
        }
        guard let clientSecret = try configuredSecret?.exposedValue ?? secret("qonto_client_secret") else {
            throw ConfigurationError(key: "qonto_client_secret", "not set: run `facteur secret set qonto_client_secret`")
        }
        let settings = configuration.qonto.settings
        let pkce = PKCE.generate()
        let state = PKCE.randomToken(bytes: 24)
        show("Open this address in a browser, log in to Qonto and allow Facteur:\n\n  "
             + OAuthAuthorization.url(oauthURL: settings.oauthURL, clientID: clientID, redirectURI: redirectURI,
                                      state: state, challenge: pkce.challenge) + "\n")
        let redirect: String
        let components = URLComponents(string: redirectURI)
        if listen, let host = components?.host, let port = components?.port {
            show("Waiting for Qonto's redirect on \(redirectURI) …")
            redirect = try LoopbackCallbackListener.receive(host: host, port: port, timeout: timeout)
        } else {
            show("Paste the address your browser was sent to (it starts with \(redirectURI)):")
            guard let line = pasted(), !line.isEmpty else { throw AppError(.refused, "no redirect address was pasted") }
            redirect = line
        }
        let code = try OAuthAuthorization.code(fromRedirect: redirect, expectedState: state)
        let session = QontoConnection.session(clientID: clientID, clientSecret: clientSecret, oauthURL: settings.oauthURL,
                                              secret: secret, saveSecret: saveSecret)
        let http = try CurlHTTPClient(settings: settings.http)
        var headers: [(name: String, value: String)] = []
        if let token = settings.stagingToken { headers.append(("X-Qonto-Staging-Token", token.exposedValue)) }
        return try session.exchange(code: code, verifier: pkce.verifier, redirectURI: redirectURI, using: http, extraHeaders: headers).scope
    }
}
