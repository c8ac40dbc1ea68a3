extension ConfigurationKey {
    /// Keys of the Qonto connection and the polling windows.
    static let qonto: [ConfigurationKey] = [
        .init(name: "qonto_api_url", defaultValue: "https://thirdparty.qonto.com", summary: "Qonto Business API base (the Qonto sandbox: https://thirdparty-sandbox.staging.qonto.co; http:// only to a loopback host).", isSecret: false),
        .init(name: "qonto_oauth_url", defaultValue: "https://oauth.qonto.com", summary: "Qonto OAuth server base.", isSecret: false),
        .init(name: "qonto_login", defaultValue: nil, summary: "API-key mode: the organisation login (slug).", isSecret: false),
        .init(name: "qonto_secret_key", defaultValue: nil, summary: "API-key mode: the secret key. Prefer `facteur secret set qonto_secret_key`.", isSecret: true),
        .init(name: "qonto_client_id", defaultValue: nil, summary: "OAuth mode: the client id from Qonto's Developer Portal.", isSecret: false),
        .init(name: "qonto_client_secret", defaultValue: nil, summary: "OAuth mode: the client secret.", isSecret: true),
        .init(name: "qonto_redirect_uri", defaultValue: "http://127.0.0.1:8765/callback", summary: "OAuth redirect URI registered for the app (a loopback listener receives the code).", isSecret: false),
        .init(name: "qonto_staging_token", defaultValue: nil, summary: "X-Qonto-Staging-Token for Qonto's own sandbox.", isSecret: true),
        .init(name: "qonto_ca_file", defaultValue: nil, summary: "PEM CA bundle for the Qonto API instead of the system store.", isSecret: false),
        .init(name: "qonto_tls_min", defaultValue: "1.3", summary: "Lowest TLS version for Qonto: 1.2 or 1.3.", isSecret: false),
        .init(name: "poll_interval", defaultValue: "900", summary: "Seconds between polling windows of `facteur run`.", isSecret: false),
        .init(name: "backfill_since", defaultValue: nil, summary: "First window's start (YYYY-MM-DD) when there is no sync marker yet; at most 3 years back. Default: 30 days back.", isSecret: false),
        .init(name: "qonto_record_url", defaultValue: "https://app.qonto.com/{section}/{id}", summary: "Link from the status page to a record in the Qonto web app; {section} becomes supplier-invoices or customer-invoices, {id} the Qonto ID. Qonto does not document its web app's paths: adjust it if yours differ.", isSecret: false),
        .init(name: "sync_overlap", defaultValue: "120", summary: "Seconds (30 or more) each window re-reads before the marker (clock skew, ties on updated_at); repeats are recognised and skipped.", isSecret: false),
    ]
}
