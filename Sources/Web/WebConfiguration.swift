/// Where and how the web pages are served.
///
/// Keys (FacteurApp maps its configuration onto them): `web_bind` → ``host`` and ``port``;
/// templates default to the repository's `templates/web`.
///
/// - Important: Bound to anything but loopback, the pages are reachable from the network: a login
///   is then required (``requiresLogin``) and the build refuses to start without a password hash.
///   Facteur serves plain HTTP; put it behind a TLS reverse proxy for remote use and set
///   ``publicURL`` to its `https://` address (cookies then carry `Secure`), or passwords and session
///   cookies travel in clear text. Whatever the bind, the pages answer only to their own names
///   (``HostPolicy``) and a stored password is required on loopback too.
public struct WebConfiguration: Sendable {
    /// The address to bind (`127.0.0.1`, `::1`, `localhost`, `0.0.0.0`…). Default `127.0.0.1`.
    public var host: String
    /// The TCP port; `0` picks any free port (reported through `onServerRunning`). Default `8080`.
    public var port: Int
    /// The folder holding the page templates (`*.mustache`) and `style.css`. Default `templates/web`.
    public var templatesDirectory: String
    /// Reads the stored password hash (``Store/PasswordHash`` format), or nil when none is set.
    /// Called at build time and on each login attempt, so `facteur web-password` takes effect
    /// without a restart.
    public var passwordHash: @Sendable () throws -> String?
    /// Whether cookies carry the `Secure` attribute (only sent over HTTPS). Set it when a TLS
    /// reverse proxy fronts Facteur; leave it off for plain HTTP, where browsers would drop them.
    public var secureCookies: Bool
    /// `web_public_url`: the address behind a reverse proxy, one more name the pages answer to.
    public var publicURL: WebPublicURL?

    /// Creates a configuration.
    /// - Parameters:
    ///   - host: The address to bind (default `127.0.0.1`).
    ///   - port: The port, `0` for any (default `8080`).
    ///   - templatesDirectory: The templates folder (default `templates/web`).
    ///   - publicURL: `web_public_url` (default none).
    ///   - secureCookies: Whether cookies are HTTPS-only (default: when `publicURL` is `https`).
    ///   - passwordHash: Reads the stored password hash (default: none).
    public init(host: String = "127.0.0.1", port: Int = 8080, templatesDirectory: String = "templates/web",
                publicURL: WebPublicURL? = nil, secureCookies: Bool? = nil,
                passwordHash: @escaping @Sendable () throws -> String? = { nil }) {
        self.host = host
        self.port = port
        self.templatesDirectory = templatesDirectory
        self.publicURL = publicURL
        self.secureCookies = secureCookies ?? (publicURL?.isHTTPS ?? false)
        self.passwordHash = passwordHash
    }

    /// Whether the pages can never be served without a password: true whenever ``host`` is not a
    /// loopback address (127.0.0.0/8, `::1`, `localhost`). On loopback a login is required too,
    /// but only while a password is set (see ``LoginGate``).
    public var requiresLogin: Bool { !LoopbackHost.isLoopback(host) }

    /// `host:port` as written in `web_bind` (IPv6 in brackets).
    public var bindDescription: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
