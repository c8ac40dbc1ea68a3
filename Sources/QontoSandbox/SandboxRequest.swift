public import Foundation

/// One request the sandbox received, as recorded for tests (`QontoSandbox.requests()` and
/// `GET /_sandbox/requests`).
///
/// It never holds credentials: no `Authorization` value, no form body, and the query values that
/// are secrets (`X-Amz-Signature`, `code`, `code_verifier`, `client_secret`, `token`,
/// `refresh_token`, `access_token`) are replaced by `REDACTED`. Admin routes are not recorded.
public struct SandboxRequest: Sendable, Equatable {
    /// The HTTP method, e.g. `GET`.
    public var method: String
    /// The path without the query, e.g. `/v2/supplier_invoices`.
    public var path: String
    /// The raw query string (without `?`), with secret values redacted; empty when none.
    public var query: String
    /// Whether the request passed authentication: valid API key or bearer token on `/v2`, valid
    /// client credentials on `/oauth2/token`, a valid signature on `/files`. `false` otherwise.
    public var authorised: Bool
    /// How it tried to authenticate on `/v2`: `"api_key"`, `"bearer"`, `"other"`, or `nil` when it
    /// sent no `Authorization` header.
    public var authentication: String?
    /// The status code the sandbox answered.
    public var status: Int
    /// The `User-Agent` header, if any (Qonto asks integrations to send an honest one).
    public var userAgent: String?
    /// Whether it carried `X-Qonto-Staging-Token` (any value).
    public var sentStagingToken: Bool
    /// When it arrived, by the sandbox's clock.
    public var receivedAt: Date

    /// Builds a record; the sandbox redacts `query` before calling this.
    public init(method: String, path: String, query: String, authorised: Bool, authentication: String?, status: Int,
                userAgent: String?, sentStagingToken: Bool, receivedAt: Date) {
        self.method = method
        self.path = path
        self.query = query
        self.authorised = authorised
        self.authentication = authentication
        self.status = status
        self.userAgent = userAgent
        self.sentStagingToken = sentStagingToken
        self.receivedAt = receivedAt
    }

    /// The query parameter names whose values are never recorded.
    static let secretParameters: Set<String> = [
        "X-Amz-Signature", "code", "code_verifier", "client_secret", "token", "refresh_token", "access_token",
    ]

    /// `query` with the values of ``secretParameters`` replaced by `REDACTED`.
    static func redact(_ query: String) -> String {
        query.split(separator: "&", omittingEmptySubsequences: false).map { part -> String in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pieces[0]).removingPercentEncoding ?? String(pieces[0])
            return secretParameters.contains(name) && pieces.count == 2 ? "\(pieces[0])=REDACTED" : String(part)
        }.joined(separator: "&")
    }

    /// The JSON of `GET /_sandbox/requests`.
    var json: JSON {
        .object([
            ("method", .string(method)), ("path", .string(path)), ("query", .string(query)),
            ("authorised", .bool(authorised)), ("authentication", .string(authentication)), ("status", .int(status)),
            ("user_agent", .string(userAgent)), ("sent_staging_token", .bool(sentStagingToken)),
            ("received_at", .string(Instant(receivedAt).iso8601)),
        ])
    }
}
