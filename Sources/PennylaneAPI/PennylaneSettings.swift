// PennylaneAPI: a read-only client of Pennylane's Company API v2 over libcurl (the `Curl` module):
// suppliers, customers, supplier invoices and changelogs with cursor pagination, a client-side
// limiter for 25 requests per 5 s, and `retry-after` on 429. Facteur holds no write credential:
// this module only ever sends GET.
public import Curl

/// Where and how to reach Pennylane.
public struct PennylaneSettings: Sendable {
    /// The API v2 base (`pennylane_api_url`, default `https://app.pennylane.com/api/external/v2`).
    public var apiURL: String
    /// The company API token (read-only scopes). Sent as `Authorization: Bearer …`, never logged.
    public var token: String
    /// TLS and timeouts.
    public var http: HTTPSettings
    /// Items per page of the lists (`limit`, 1…100).
    public var pageSize: Int
    /// Items per page of the changelogs (`limit`, 1…1000).
    public var changelogPageSize: Int

    /// Creates settings; page sizes are clamped to what Pennylane accepts.
    public init(apiURL: String = "https://app.pennylane.com/api/external/v2", token: String, http: HTTPSettings,
                pageSize: Int = 100, changelogPageSize: Int = 1000) {
        self.apiURL = apiURL.hasSuffix("/") ? String(apiURL.dropLast()) : apiURL
        self.token = token
        self.http = http
        self.pageSize = min(max(pageSize, 1), 100)
        self.changelogPageSize = min(max(changelogPageSize, 1), 1000)
    }
}

extension PennylaneSettings: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The settings without the token.
    public var description: String {
        "PennylaneSettings(apiURL: \(apiURL), token: <redacted>, pageSize: \(pageSize), changelogPageSize: \(changelogPageSize))"
    }

    /// The same as ``description``: the token stays out of `String(reflecting:)`.
    public var debugDescription: String { description }

    /// A mirror without the token, for `dump` and debuggers.
    public var customMirror: Mirror {
        Mirror(self, children: ["apiURL": apiURL, "token": "<redacted>", "http": http, "pageSize": pageSize,
                                "changelogPageSize": changelogPageSize])
    }
}
