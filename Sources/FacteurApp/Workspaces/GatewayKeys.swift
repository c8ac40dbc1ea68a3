/// Which configuration keys belong to the gateway (one per process: where data lives, the SMTP
/// relay, the pages, the retry policy) and which to a workspace (one company: its Qonto
/// organisation, inboxes, owner, ledger and matching settings).
///
/// A workspace file (`facteur workspace add ID --from FILE`) holds workspace keys only; a workspace
/// never inherits another's company keys, so no company's credentials or inboxes can reach
/// another's invoices through a forgotten key.
public enum GatewayKeys {
    /// Keys only the gateway configuration (`--config`, `$FACTEUR_CONFIG`, `FACTEUR_<KEY>`) may set.
    public static let names: Set<String> = [
        "data_dir", "templates_dir", "master_key_file",
        "smtp_url", "smtp_username", "smtp_password", "smtp_ca_file", "smtp_tls_min", "smtp_helo",
        "smtp_connect_timeout", "smtp_connections", "smtp_timeout",
        "web_bind", "web_public_url",
        "retry_min_backoff", "retry_max_backoff", "retry_lifetime", "max_attachment_size",
    ]

    /// Whether a key is the gateway's.
    public static func contains(_ key: String) -> Bool { names.contains(key) }

    /// The gateway's values among raw values.
    static func gatewayValues(of values: [String: String]) -> [String: String] {
        values.filter { names.contains($0.key) }
    }
}
