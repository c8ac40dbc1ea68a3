import FacteurCore
import Curl
import Foundation
import QontoAPI

/// `facteur disconnect`: revokes the OAuth refresh token at Qonto (RFC 7009 style, as Qonto's OAuth
/// server accepts) and deletes the stored tokens, even when Qonto cannot be reached.
public enum DisconnectQonto {
    /// Revokes and deletes. Blocking.
    /// - Returns: Whether Qonto confirmed the revocation (the local tokens are deleted either way).
    /// - Throws: ``ConfigurationError`` outside OAuth mode; store errors.
    public static func run(configuration: FacteurConfiguration, secret: (String) throws -> String?,
                           delete: (String) throws -> Bool) throws -> Bool {
        guard case .oauth(let clientID, let configuredSecret, _) = configuration.qonto.authentication else {
            throw ConfigurationError(key: "qonto_client_id", "not set: there is no OAuth connection to remove")
        }
        var revoked = false
        if let text = try secret(QontoConnection.tokensSecret),
           let tokens = try? JSONDecoder().decode(OAuthTokens.self, from: Data(text.utf8)),
           let clientSecret = try configuredSecret?.exposedValue ?? secret("qonto_client_secret") {
            let settings = configuration.qonto.settings
            let form = FormEncoding.encode(["token": tokens.refreshToken, "token_type_hint": "refresh_token",
                                            "client_id": clientID, "client_secret": clientSecret])
            var headers: [(name: String, value: String)] = [("Content-Type", "application/x-www-form-urlencoded")]
            if let token = settings.stagingToken { headers.append(("X-Qonto-Staging-Token", token.exposedValue)) }
            if let http = try? CurlHTTPClient(settings: settings.http),
               let response = try? http.perform(HTTPRequest(method: "POST", url: settings.oauthURL + "/oauth2/revoke",
                                                             headers: headers, body: Array(form.utf8))) {
                revoked = (200..<300).contains(response.status)
            }
        }
        _ = try delete(QontoConnection.tokensSecret)
        return revoked
    }
}
