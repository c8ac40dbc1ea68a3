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
        "data_dir", "templates_dir", "master_key_file", "store_url", "store_password_file",
        "smtp_url", "smtp_username", "smtp_password", "smtp_ca_file", "smtp_tls_min", "smtp_helo",
        "smtp_connect_timeout", "smtp_connections", "smtp_timeout",
        "web_bind", "web_public_url",
        "retry_min_backoff", "retry_max_backoff", "retry_lifetime", "max_attachment_size",
    ]

    /// Keys the gateway configuration sets for every workspace and a workspace file may override:
    /// the sender (`smtp_from`), which a firm usually shares (one address its relay accepts) and a
    /// company may replace with its own. A sender names no company's data, so sharing it cannot
    /// send one company's invoices elsewhere.
    public static let sharedDefaults: Set<String> = ["smtp_from"]

    /// Whether a key is the gateway's (refused in a workspace file).
    public static func contains(_ key: String) -> Bool { names.contains(key) }

    /// Whether a key is set for a company (neither the gateway's nor a shared default): a gateway
    /// file setting one still configures the workspace `default`.
    public static func isCompanyKey(_ key: String) -> Bool { !names.contains(key) && !sharedDefaults.contains(key) }

    /// The values an added workspace takes from the gateway: its keys and the shared defaults.
    static func gatewayValues(of values: [String: String]) -> [String: String] {
        values.filter { names.contains($0.key) || sharedDefaults.contains($0.key) }
    }
}
