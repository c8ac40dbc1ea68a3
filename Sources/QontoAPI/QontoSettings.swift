// QontoAPI: the Qonto Business API client over libcurl (the `Curl` module), used by the poller:
// organization, supplier and client invoices with `page` pagination, attachments (pre-signed URLs,
// streamed downloads), transactions; API-key and OAuth authentication with rotating refresh tokens.
public import Curl
public import FacteurCore

/// Where and how to reach Qonto.
public struct QontoSettings: Sendable, Hashable {
    /// The Business API base (`qonto_api_url`, default `https://thirdparty.qonto.com`).
    public var apiURL: String
    /// The OAuth server base (`qonto_oauth_url`, default `https://oauth.qonto.com`).
    public var oauthURL: String
    /// `X-Qonto-Staging-Token`, sent on every request when set (the Qonto sandbox needs it).
    public var stagingToken: Secret?
    /// TLS and timeouts.
    public var http: HTTPSettings
    /// Items per page (max 100).
    public var perPage: Int
    /// Whose requests these are in the process-wide ``QontoRequestBudget`` (the workspace's name,
    /// default `default`): waiting requests are served fairly between labels, and its counts
    /// (requests, 429s, 401s) are kept per label.
    public var label: String

    /// Creates settings.
    public init(apiURL: String = "https://thirdparty.qonto.com", oauthURL: String = "https://oauth.qonto.com",
                stagingToken: Secret? = nil, http: HTTPSettings, perPage: Int = 100, label: String = "default") {
        self.apiURL = apiURL.hasSuffix("/") ? String(apiURL.dropLast()) : apiURL
        self.oauthURL = oauthURL.hasSuffix("/") ? String(oauthURL.dropLast()) : oauthURL
        self.stagingToken = stagingToken
        self.http = http
        self.perPage = perPage
        self.label = label
    }
}

/// How Facteur authenticates to Qonto.
public enum QontoCredentials: Sendable {
    /// `Authorization: <login>:<secret-key>` (own organisation; no Bearer, no Base64).
    case apiKey(login: String, secretKey: Secret)
    /// `Authorization: Bearer <access token>`, refreshed through the session.
    case oauth(OAuthSession)
}
