/// Every configuration key Facteur reads, with its default and meaning: the single source for
/// validation (unknown keys are refused), `facteur config keys`, and the README's reference.
public struct ConfigurationKey: Sendable, Hashable {
    /// The JSON key (`smtp_url`); the environment variable is `FACTEUR_` + upper case (`FACTEUR_SMTP_URL`).
    public var name: String
    /// The default, as text; nil when there is none.
    public var defaultValue: String?
    /// What it means, in one or two sentences.
    public var summary: String
    /// Whether the value is a secret (never printed; a config file holding it must be 0600).
    public var isSecret: Bool

    /// The environment variable that overrides the key.
    public var environmentName: String { "FACTEUR_" + name.uppercased() }

    /// All keys, in documentation order.
    public static let all: [ConfigurationKey] = general + qonto + matching + pages

    /// Keys of the data directory, the mail relay, Pennylane and retries.
    static let general: [ConfigurationKey] = [
        .init(name: "data_dir", defaultValue: "./.facteur", summary: "Where the database, the composed messages (spool) and the lock live. Created 0700.", isSecret: false),
        .init(name: "templates_dir", defaultValue: "./templates", summary: "Where the Mustache templates are (mail bodies in mail/).", isSecret: false),
        .init(name: "master_key_file", defaultValue: nil, summary: "The 32-byte key that encrypts the secrets stored by `facteur secret set` (AES-256-GCM) and seals the mail log's rows. Default: `<data_dir>/master.key`, created 0600 when the database is first opened; refused if wider than 0600. Back it up, but never in the same place as the database: together they reveal every stored secret.", isSecret: false),
        .init(name: "store_url", defaultValue: nil, summary: "Where the workspaces' data is kept. Default: `sqlite://<data_dir>` (SQLite files in the data directory). A `sqlite:///path` URL names the data directory and sets data_dir (both given: they must agree). `postgres://user@host:5432/database` (or `postgresql://`; a Unix socket: `postgres://user@/database?host=/run/postgresql`) shares one PostgreSQL database between gateway processes; `sslmode` is `verify-full` (default) or `disable` (loopback or Unix socket only). Never a password in the URL: see store_password_file.", isSecret: false),
        .init(name: "store_password_file", defaultValue: nil, summary: "The file holding the PostgreSQL password of store_url (one line, mode 0600, owned by the user running facteur). Only with a postgres:// store_url.", isSecret: false),
        .init(name: "smtp_url", defaultValue: nil, summary: "The relay: smtp://host:587 (STARTTLS required), smtps://host:465 (implicit TLS), file:///dir (write a Maildir instead of sending), smtp+plain://127.0.0.1:25 (no TLS; loopback hosts only).", isSecret: false),
        .init(name: "smtp_username", defaultValue: nil, summary: "AUTH user name (PLAIN or LOGIN, only ever over TLS unless smtp+plain to loopback).", isSecret: false),
        .init(name: "smtp_password", defaultValue: nil, summary: "AUTH password. A config file holding it must be mode 0600.", isSecret: true),
        .init(name: "smtp_ca_file", defaultValue: nil, summary: "PEM file of CAs to trust instead of the system store (a private relay CA).", isSecret: false),
        .init(name: "smtp_tls_min", defaultValue: "1.3", summary: "Lowest TLS version accepted: 1.2 or 1.3.", isSecret: false),
        .init(name: "smtp_from", defaultValue: nil, summary: "Sender of the invoice mails, e.g. \"Facteur <factures@example.fr>\" or factures@example.fr. Pennylane may only accept known senders.", isSecret: false),
        .init(name: "smtp_helo", defaultValue: nil, summary: "Name announced in EHLO; default: this host's name if it is fully qualified, else the domain of smtp_from.", isSecret: false),
        .init(name: "smtp_connect_timeout", defaultValue: "30", summary: "Seconds to connect and finish the TLS handshake.", isSecret: false),
        .init(name: "smtp_connections", defaultValue: "2", summary: "Connections to the relay used at once when several messages are due (1 to 10); 1 sends strictly in outbox order. Two versions of one invoice are never sent at the same time.", isSecret: false),
        .init(name: "smtp_timeout", defaultValue: "300", summary: "Seconds to wait for each server reply (RFC 5321 per-command timeout); also the stall limit while sending data.", isSecret: false),
        .init(name: "pennylane_supplier_inbox", defaultValue: nil, summary: "Pennylane email-in address for supplier invoices (Pennylane: Achats > Importer > par email).", isSecret: false),
        .init(name: "pennylane_customer_inbox", defaultValue: nil, summary: "Pennylane email-in address for customer invoices.", isSecret: false),
        .init(name: "owner_email", defaultValue: nil, summary: "The workspace owner, mailed once per incident when Qonto or SMTP credentials stop working (through the same SMTP relay).", isSecret: false),
        .init(name: "web_bind", defaultValue: "127.0.0.1:8080", summary: "Address and port of the status and settings pages served by `facteur run`. A non-loopback address requires a password (`facteur web-password`).", isSecret: false),
        .init(name: "web_public_url", defaultValue: nil, summary: "The address a reverse proxy serves the pages under, e.g. https://facteur.cabinet.fr: one more host name the pages answer to (besides localhost, 127.0.0.1 and web_bind's address), and with https every cookie is Secure.", isSecret: false),
        .init(name: "retry_min_backoff", defaultValue: "300", summary: "Shortest wait between attempts, seconds (Postfix minimal_backoff_time).", isSecret: false),
        .init(name: "retry_max_backoff", defaultValue: "4000", summary: "Longest wait between attempts, seconds (Postfix maximal_backoff_time).", isSecret: false),
        .init(name: "retry_lifetime", defaultValue: "432000", summary: "How long a message may keep failing transiently before it is marked failed, seconds (5 days).", isSecret: false),
        .init(name: "max_attachment_size", defaultValue: "18000000", summary: "Largest invoice file forwarded, bytes (default 18 MB: after base64 it still fits the 25 MB messages common relays accept). A larger file is refused by `facteur forward` and held when it comes from Qonto.", isSecret: false),
    ]

    /// The key with this name.
    public static func named(_ name: String) -> ConfigurationKey? { all.first { $0.name == name } }
}
