import Curl
import FacteurCore
import Foundation
import Web

/// Everything `facteur run` needs beyond a well-formed file: a relay and a sender, both Pennylane
/// inboxes, Qonto credentials (configured or stored), readable templates, a web password when
/// the pages are bound off loopback, and a safe `store_password_file` for a PostgreSQL store.
///
/// One check, used by `facteur config check` (which prints every problem) and by `facteur run`
/// (which refuses to start on any): a configuration the check accepts is one `run` starts with,
/// and `run` never starts only to open an incident whose remedy does not fit.
public struct RunReadiness: Sendable {
    /// The problems found, each naming its key and its remedy; empty when `run` can start.
    public let problems: [ConfigurationError]

    /// Which half of the configuration a check covers.
    public enum Part: Sendable, Hashable {
        /// The gateway's: the relay, the templates, the pages (one per process).
        case gateway
        /// A workspace's: its sender, its two Pennylane inboxes, its Qonto credentials.
        case workspace
    }

    /// Checks a configuration, both halves (a single-company gateway, `facteur config check`).
    /// - Parameters:
    ///   - configuration: The effective configuration (file, environment, settings page).
    ///   - secret: Reads a stored secret by name (nil when none is stored).
    ///   - webPasswordSet: Whether `facteur web-password` has set a password.
    public init(_ configuration: FacteurConfiguration, secret: (String) throws -> String?, webPasswordSet: Bool) {
        self.init(configuration, parts: [.gateway, .workspace], secret: secret, webPasswordSet: webPasswordSet)
    }

    /// Checks one half of a configuration: `facteur run` checks the gateway's once (any problem
    /// refuses to start) and each workspace's (a workspace with a problem is skipped, not the others).
    /// - Parameters:
    ///   - configuration: The effective configuration (the gateway's, or a workspace's).
    ///   - parts: The halves to check.
    ///   - secret: Reads a stored secret by name from that half's store (nil when none is stored).
    ///   - webPasswordSet: Whether `facteur web-password` has set a password (gateway half).
    public init(_ configuration: FacteurConfiguration, parts: Set<Part>, secret: (String) throws -> String?,
                webPasswordSet: Bool = false) {
        var problems: [ConfigurationError] = []
        func check(_ body: () throws -> Void) {
            do { try body() } catch let error as ConfigurationError { problems.append(error) } catch {
                problems.append(ConfigurationError(key: "secrets", "the secret store cannot be read: \(error)"))
            }
        }
        let gateway = parts.contains(.gateway), workspace = parts.contains(.workspace)
        if gateway { check { _ = try configuration.requireTransport() } }
        if gateway, case .postgres(let url) = configuration.storeLocation {
            // The password file is read at each connection: a wide or missing one refuses now, not mid-run.
            check { _ = try url.password() }
        }
        if workspace {
            check { _ = try configuration.requireSender() }
            for kind in [InvoiceKind.supplier, .customer] { check { _ = try configuration.requireInbox(for: kind) } }
        }
        if gateway {
            check {
                if case .smtp(let settings) = configuration.transport, settings.username != nil, settings.password == nil,
                   try secret(FacteurConfiguration.smtpPasswordSecretName) == nil {
                    throw ConfigurationError(key: "smtp_password", "not set, but smtp_username is: run `facteur secret set smtp_password`")
                }
            }
        }
        if workspace { check { try Self.checkQonto(configuration.qonto.authentication, secret: secret) } }
        if gateway {
            check { _ = try MailBodyRenderer(templatesDirectory: configuration.templatesDirectory) }
            if let missing = WebTemplates.missingFiles(in: "\(configuration.templatesDirectory)/web").first {
                problems.append(ConfigurationError(key: "templates_dir", "cannot read \(missing) (the status pages' templates)"))
            }
            if !LoopbackHost.isLoopback(configuration.webBind.host), !webPasswordSet {
                problems.append(ConfigurationError(key: "web_bind", "\(configuration.webBind.host) is not a loopback address: set a password first with `facteur web-password`"))
            }
        }
        self.problems = problems
    }

    private static func checkQonto(_ authentication: QontoConfiguration.Authentication?,
                                   secret: (String) throws -> String?) throws {
        switch authentication {
        case nil:
            throw ConfigurationError(key: "qonto_login", "not set: configure qonto_login (API key) or qonto_client_id (OAuth)")
        case .apiKey(_, let configured):
            if configured == nil, try secret("qonto_secret_key") == nil {
                throw ConfigurationError(key: "qonto_secret_key", "not set: run `facteur secret set qonto_secret_key`")
            }
        case .oauth(_, let configured, _):
            if configured == nil, try secret("qonto_client_secret") == nil {
                throw ConfigurationError(key: "qonto_client_secret", "not set: run `facteur secret set qonto_client_secret`")
            }
            if try secret(QontoConnection.tokensSecret) == nil {
                throw ConfigurationError(key: "qonto_client_id", "Facteur is not connected to Qonto yet: run `facteur connect`")
            }
        }
    }
}

/// Problems that keep `facteur run` from starting: one line each.
public struct ConfigurationProblems: Error, Sendable, CustomStringConvertible {
    /// The problems, each naming its key.
    public let problems: [ConfigurationError]

    /// Wraps problems.
    public init(problems: [ConfigurationError]) {
        self.problems = problems
    }

    /// Every problem on its own line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
