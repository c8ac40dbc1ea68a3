import Curl
public import FacteurCore
public import Foundation
public import QontoAPI

/// The Qonto side of the configuration: where the API is, how to authenticate, how to poll.
public struct QontoConfiguration: Sendable {
    /// How Facteur authenticates.
    public enum Authentication: Sendable, Hashable {
        /// `qonto_login` + `qonto_secret_key` (the key may instead live in the secret store).
        case apiKey(login: String, secretKey: Secret?)
        /// `qonto_client_id` + `qonto_client_secret`; tokens come from `facteur connect`.
        case oauth(clientID: String, clientSecret: Secret?, redirectURI: String)
    }

    /// Hosts, TLS, staging token.
    public var settings: QontoSettings
    /// API key or OAuth; nil when neither is configured.
    public var authentication: Authentication?
    /// `poll_interval`, seconds.
    public var pollInterval: Int
    /// `backfill_since`.
    public var backfillSince: Date?
    /// `sync_overlap`, seconds.
    public var overlap: Int
    /// `qonto_record_url`: the web app link template (`{section}`, `{id}`).
    public var recordURLTemplate: String = "https://app.qonto.com/{section}/{id}"

    /// The web app link to a record.
    public func recordURL(recordType: String, id: String) -> String {
        let section = recordType == InvoiceKind.customer.qontoType ? "customer-invoices" : "supplier-invoices"
        let safe = String(id.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" })
        return recordURLTemplate.replacingOccurrences(of: "{section}", with: section).replacingOccurrences(of: "{id}", with: safe)
    }

    /// The oldest date a window may start from: three years back (Qonto's history Facteur handles).
    public static func earliestStart(now: Date) -> Date { now.addingTimeInterval(-3 * 366 * 86_400) }

    static func parse(reader: ValueReader) throws(ConfigurationError) -> QontoConfiguration {
        let api = try url(reader, "qonto_api_url")
        let oauth = try url(reader, "qonto_oauth_url")
        let tls = try reader.tlsMinimum("qonto_tls_min")
        let caFile = reader.string("qonto_ca_file")
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw ConfigurationError(key: "qonto_ca_file", "cannot read \(caFile)")
        }
        var authentication: Authentication?
        if let login = reader.string("qonto_login") {
            authentication = .apiKey(login: login, secretKey: reader.secret("qonto_secret_key"))
        } else if let client = reader.string("qonto_client_id") {
            let redirect = try url(reader, "qonto_redirect_uri")
            authentication = .oauth(clientID: client, clientSecret: reader.secret("qonto_client_secret"), redirectURI: redirect)
        } else if reader.string("qonto_secret_key") != nil {
            throw ConfigurationError(key: "qonto_login", "not set, but qonto_secret_key is")
        }
        var since: Date?
        if let text = reader.string("backfill_since") {
            guard let date = Timestamp.parse(text) else { throw ConfigurationError(key: "backfill_since", "expected YYYY-MM-DD") }
            since = date
        }
        let http = HTTPSettings(tlsMinimum: tls, caFile: caFile, userAgent: "Facteur/\(facteurVersion) (+invoice forwarder; libcurl)")
        let recordURL = reader.string("qonto_record_url") ?? "https://app.qonto.com/{section}/{id}"
        guard recordURL.hasPrefix("https://") || recordURL.hasPrefix("http://") else {
            throw ConfigurationError(key: "qonto_record_url", "expected an http(s) URL template")
        }
        var configuration = QontoConfiguration(
            settings: QontoSettings(apiURL: api, oauthURL: oauth, stagingToken: reader.secret("qonto_staging_token"), http: http),
            authentication: authentication,
            pollInterval: try reader.integer("poll_interval", range: 60...86_400) ?? 900,
            backfillSince: since, overlap: try reader.integer("sync_overlap", range: 30...86_400) ?? 120)
        configuration.recordURLTemplate = recordURL
        return configuration
    }

    private static func url(_ reader: ValueReader, _ key: String) throws(ConfigurationError) -> String {
        guard let value = reader.string(key) else { throw ConfigurationError(key: key, "not set") }
        guard CurlHTTPClient.isAllowed(url: value) else {
            throw ConfigurationError(key: key, "expected an https:// URL (http:// only to a loopback host such as 127.0.0.1)")
        }
        return value
    }
}
