import Curl
import Foundation

/// The browser side of the authorization-code flow: the authorize URL, and reading the code back.
public enum OAuthAuthorization {
    /// The scopes Facteur asks for: refresh tokens, supplier and client invoices, their files, and
    /// the organisation (bank accounts, transactions for matching). Note the plural `client_invoices.read`.
    public static let scopes = "offline_access supplier_invoice.read client_invoices.read attachment.read organization.read"

    /// The URL the user opens: `<oauth>/oauth2/auth?client_id&redirect_uri&response_type=code&scope&state&code_challenge&code_challenge_method=S256`.
    public static func url(oauthURL: String, clientID: String, redirectURI: String, state: String, challenge: String) -> String {
        let query: [(String, String)] = [
            ("client_id", clientID), ("redirect_uri", redirectURI), ("response_type", "code"), ("scope", scopes),
            ("state", state), ("code_challenge", challenge), ("code_challenge_method", "S256"),
        ]
        return oauthURL + "/oauth2/auth?" + query.map { "\($0.0)=\(FormEncoding.escape($0.1))" }.joined(separator: "&")
    }

    /// Reads the code from the redirect (a full URL, or just its query), checking `state`.
    /// - Throws: ``QontoError`` `.rejected` for an `error=` answer (access denied, invalid scope), a
    ///   missing code, or a `state` that is not ours (a forged or stale redirect).
    public static func code(fromRedirect redirect: String, expectedState: String) throws(QontoError) -> String {
        let trimmed = redirect.trimmingCharacters(in: .whitespacesAndNewlines)
        let query = trimmed.contains("?") ? String(trimmed.split(separator: "?", maxSplits: 1)[1]) : trimmed
        var items: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            if parts.count == 2 { items[parts[0]] = parts[1] }
        }
        if let error = items["error"] {
            throw QontoError(.rejected, "Qonto did not authorise Facteur: \(error) \(items["error_description"] ?? "")")
        }
        guard items["state"] == expectedState else {
            throw QontoError(.rejected, "the redirect's state does not match this connection attempt; start `facteur connect` again")
        }
        guard let code = items["code"], !code.isEmpty else {
            throw QontoError(.rejected, "the redirect carries no authorization code")
        }
        return code
    }
}
