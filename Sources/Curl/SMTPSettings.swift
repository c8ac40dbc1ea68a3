public import FacteurCore

/// How to reach the SMTP relay: address, TLS mode, TLS floor, trust, credentials and timeouts.
public struct SMTPSettings: Sendable, Hashable {
    /// How the connection is protected.
    public enum Security: String, Sendable, Hashable {
        /// `smtp://`: plaintext greeting, then STARTTLS is required (`CURLUSESSL_ALL`): a server that
        /// does not offer it, or a middlebox that strips it, makes the attempt fail; never cleartext.
        case startTLS
        /// `smtps://`: TLS from the first byte (port 465).
        case implicitTLS
        /// `smtp+plain://`: no TLS at all. Credentials and invoices travel in the clear, so it is
        /// accepted only for a loopback host (a local relay that does the TLS itself).
        case insecurePlaintext
    }

    /// The lowest TLS version accepted.
    public enum TLSMinimum: String, Sendable, Hashable {
        /// TLS 1.2 or later.
        case v1_2 = "1.2"
        /// TLS 1.3 only (the default).
        case v1_3 = "1.3"
    }

    /// The relay's host name or IP address.
    public var host: String
    /// The relay's port.
    public var port: Int
    /// The TLS mode.
    public var security: Security
    /// The name we announce in EHLO (libcurl takes it from the URL path).
    public var ehloDomain: String
    /// The TLS floor (config `smtp_tls_min`).
    public var tlsMinimum: TLSMinimum
    /// A PEM bundle of CAs to trust instead of the system's (config `smtp_ca_file`).
    public var caFile: String?
    /// AUTH user name (config `smtp_username`); no AUTH when nil.
    public var username: String?
    /// AUTH password (config `smtp_password`). Never logged.
    public var password: Secret?
    /// Seconds to establish the connection (TCP and TLS).
    public var connectTimeout: Int
    /// Seconds to wait for each server reply (RFC 5321 suggests minutes; the default is 300).
    public var responseTimeout: Int
    /// Seconds the upload may stall at under one byte per second before it is abandoned.
    public var stallTimeout: Int

    /// Creates settings.
    public init(host: String, port: Int, security: Security, ehloDomain: String, tlsMinimum: TLSMinimum = .v1_3,
                caFile: String? = nil, username: String? = nil, password: Secret? = nil,
                connectTimeout: Int = 30, responseTimeout: Int = 300, stallTimeout: Int = 180) {
        self.host = host
        self.port = port
        self.security = security
        self.ehloDomain = ehloDomain
        self.tlsMinimum = tlsMinimum
        self.caFile = caFile
        self.username = username
        self.password = password
        self.connectTimeout = connectTimeout
        self.responseTimeout = responseTimeout
        self.stallTimeout = stallTimeout
    }

    /// The URL libcurl connects to; its path is the EHLO argument.
    var url: String {
        let scheme = security == .implicitTLS ? "smtps" : "smtp"
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(hostPart):\(port)/\(ehloDomain)"
    }

    /// A secret-free description, e.g. `smtp://relay.example.com:587 (STARTTLS, TLS ≥ 1.3)`.
    public var displayName: String {
        switch security {
        case .startTLS: return "smtp://\(host):\(port) (STARTTLS required, TLS ≥ \(tlsMinimum.rawValue))"
        case .implicitTLS: return "smtps://\(host):\(port) (implicit TLS, TLS ≥ \(tlsMinimum.rawValue))"
        case .insecurePlaintext: return "smtp+plain://\(host):\(port) (no TLS, loopback only)"
        }
    }
}
