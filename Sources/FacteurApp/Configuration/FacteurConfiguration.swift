public import Curl
public import Web
public import FacteurCore
public import MIME
import Foundation

/// Facteur's configuration, typed and validated once at start. Keys and defaults: ``ConfigurationKey/all``.
///
/// ```swift
/// let configuration = try FacteurConfiguration.load(path: options.config, environment: ProcessInfo.processInfo.environment)
/// let transport = try configuration.makeTransport()
/// ```
public struct FacteurConfiguration: Sendable {
    /// Where mail goes: an SMTP relay or a Maildir.
    public enum Transport: Sendable, Hashable {
        /// An SMTP relay.
        case smtp(SMTPSettings)
        /// A Maildir directory (file transport).
        case file(directory: String)
    }

    /// `data_dir`.
    public var dataDirectory: String
    /// `store_url` (and `store_password_file`): where the workspaces' data is kept; the default is
    /// SQLite in ``dataDirectory``.
    public var storeLocation: StoreLocation
    /// `templates_dir`.
    public var templatesDirectory: String
    /// `master_key_file`: the key of the secret store (default `<data_dir>/master.key`).
    public var masterKeyFile: String
    /// `smtp_url` and the related keys, when `smtp_url` is set.
    public var transport: Transport?
    /// `smtp_from`.
    public var sender: Mailbox?
    /// `pennylane_supplier_inbox`.
    public var supplierInbox: EmailAddress?
    /// `pennylane_customer_inbox`.
    public var customerInbox: EmailAddress?
    /// `owner_email`.
    public var ownerEmail: EmailAddress?
    /// `retry_min_backoff`, `retry_max_backoff`, `retry_lifetime`.
    public var retryPolicy: RetryPolicy
    /// `smtp_connections`: how many connections deliver at once.
    public var smtpConnections: Int
    /// `max_attachment_size`: the largest invoice file forwarded, in bytes. The default, 18 MB,
    /// is what fits a 25 MB message (the limit of Gmail, Outlook.com and most submission relays)
    /// once base64 has grown it by 4/3 plus a CRLF every 76 characters (× 1.37 → 24.7 MB).
    public var maxAttachmentSize: Int = 18_000_000
    /// The configuration file read, if any.
    public var file: String?
    /// The Qonto connection and polling settings.
    public var qonto: QontoConfiguration
    /// Counterparty matching and the ledger.
    public var matching: MatchingConfiguration
    /// `web_bind`: where `facteur run` serves the status and settings pages.
    public var webBind: (host: String, port: Int)
    /// `web_public_url`: the pages' address behind a reverse proxy, if any.
    public var webPublicURL: WebPublicURL?
    /// `web_language` and `time_zone`: how the pages present themselves.
    public var pages: PageConfiguration
    /// The workspace (company) this configuration serves: ``WorkspaceID/default`` for the gateway
    /// configuration itself, the added workspace's name for ``WorkspaceCatalog/configuration(of:)``.
    /// It travels into every Message-ID the workspace composes.
    public var workspace: WorkspaceID = .default
    /// The raw values this configuration was validated from (file, then environment, then the
    /// settings page's overrides), so an override can be applied and validated the same way.
    public var rawValues: ConfigurationValues

    /// Reads and validates the configuration.
    /// - Parameters:
    ///   - path: `--config PATH`, if given.
    ///   - environment: The process environment (for `FACTEUR_CONFIG` and `FACTEUR_<KEY>`).
    /// - Throws: ``ConfigurationError`` naming the first key that is invalid.
    public static func load(path: String?, environment: [String: String]) throws(ConfigurationError) -> FacteurConfiguration {
        let source = try ConfigurationSource.load(path: path, environment: environment)
        return try FacteurConfiguration(values: source.values, file: source.file)
    }

    /// Validates raw values (as read from the file and the environment).
    /// - Throws: ``ConfigurationError`` naming the first key that is invalid.
    public init(values: [String: String], file: String? = nil) throws(ConfigurationError) {
        let reader = ValueReader(values: values)
        try reader.checkControlCharacters()
        self.file = file
        rawValues = ConfigurationValues(values)
        let store = try StoreLocation.parse(reader: reader)
        storeLocation = store.location
        dataDirectory = store.dataDirectory
        templatesDirectory = try reader.path("templates_dir")
        // No fixed default: the key file follows data_dir unless placed elsewhere (e.g. off the backed-up volume).
        masterKeyFile = reader.string("master_key_file") ?? "\(dataDirectory)/master.key"
        sender = try reader.mailbox("smtp_from")
        supplierInbox = try reader.address("pennylane_supplier_inbox")
        customerInbox = try reader.address("pennylane_customer_inbox")
        ownerEmail = try reader.address("owner_email")
        let minimal = try reader.seconds("retry_min_backoff", range: 1...86_400)
        let maximal = try reader.seconds("retry_max_backoff", range: 1...604_800)
        guard maximal >= minimal else {
            throw ConfigurationError(key: "retry_max_backoff", "must be at least retry_min_backoff (\(Int(minimal)))")
        }
        retryPolicy = RetryPolicy(minimalBackoff: minimal, maximalBackoff: maximal,
                                  lifetime: try reader.seconds("retry_lifetime", range: 0...31_536_000))
        transport = try SMTPURL.parse(reader: reader, sender: sender)
        smtpConnections = try reader.integer("smtp_connections", range: 1...10) ?? 2
        maxAttachmentSize = try reader.integer("max_attachment_size", range: 1...1_000_000_000) ?? 18_000_000
        webBind = try Self.parseBind(reader.string("web_bind") ?? "127.0.0.1:8080")
        webPublicURL = try reader.string("web_public_url").map { text throws(ConfigurationError) in
            guard let url = WebPublicURL(text) else {
                throw ConfigurationError(key: "web_public_url", "expected http(s)://host[:port] without a path, e.g. https://facteur.cabinet.fr")
            }
            return url
        }
        matching = try MatchingConfiguration.parse(reader: reader)
        qonto = try QontoConfiguration.parse(reader: reader)
        pages = try PageConfiguration.parse(reader: reader)
    }

    /// `host:port` or `[v6]:port`.
    static func parseBind(_ text: String) throws(ConfigurationError) -> (host: String, port: Int) {
        let host: Substring, port: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") {
            host = text[text.index(after: text.startIndex)..<close]
            port = text[text.index(close, offsetBy: 2)...]
        } else if let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") {
            host = text[..<colon]
            port = text[text.index(after: colon)...]
        } else {
            throw ConfigurationError(key: "web_bind", "expected host:port, e.g. 127.0.0.1:8080 or [::1]:8080")
        }
        guard !host.isEmpty, let number = Int(port), (0...65_535).contains(number) else {
            throw ConfigurationError(key: "web_bind", "expected host:port with a port from 0 to 65535, e.g. 127.0.0.1:8080")
        }
        return (String(host), number)
    }

    /// This configuration with some values replaced (the settings page's), validated again.
    /// - Throws: ``ConfigurationError`` naming the first invalid key.
    public func applying(_ overrides: [String: String]) throws(ConfigurationError) -> FacteurConfiguration {
        guard !overrides.isEmpty else { return self }
        var applied = try FacteurConfiguration(values: rawValues.merging(overrides), file: file)
        applied.workspace = workspace
        return applied
    }

    /// The transport, or an error naming `smtp_url` when it is not set.
    public func requireTransport() throws(ConfigurationError) -> Transport {
        guard let transport else { throw ConfigurationError(key: "smtp_url", "not set (e.g. smtps://relay.example.com:465, or file:///var/lib/facteur/mail)") }
        return transport
    }

    /// The sender, or an error naming `smtp_from`.
    public func requireSender() throws(ConfigurationError) -> Mailbox {
        guard let sender else { throw ConfigurationError(key: "smtp_from", "not set (e.g. \"Facteur <factures@example.fr>\")") }
        return sender
    }

    /// The Pennylane inbox for a kind of invoice, or an error naming its key.
    public func requireInbox(for kind: InvoiceKind) throws(ConfigurationError) -> EmailAddress {
        switch kind {
        case .supplier:
            guard let supplierInbox else { throw ConfigurationError(key: "pennylane_supplier_inbox", "not set (the email-in address Pennylane gives for supplier invoices)") }
            return supplierInbox
        case .customer:
            guard let customerInbox else { throw ConfigurationError(key: "pennylane_customer_inbox", "not set (the email-in address Pennylane gives for customer invoices)") }
            return customerInbox
        }
    }
}
