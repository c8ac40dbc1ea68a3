import Foundation
import Web

extension PostgresStoreURL {
    /// The key every parsing error names.
    private static let key = "store_url"

    /// Parses `postgres://user@host:port/database?sslmode=…` (or `postgresql://`); a Unix socket
    /// is `postgres://user@/database?host=/run/postgresql` (the socket's directory, as libpq reads it).
    ///
    /// Rules, each refused with a ``ConfigurationError`` `store_url` that never repeats the URL (it
    /// may hold a password):
    /// - a user and a database are required; the port defaults to 5432; one host only;
    /// - a password in the URL (`user:password@`, `?password=`) is refused: it would sit in the
    ///   configuration file, the environment and the shell's history; put it in the file
    ///   `store_password_file` names (mode 0600);
    /// - `sslmode` is `verify-full` (the default: TLS with the server's certificate and name
    ///   checked) or `disable`, and `disable` only to a loopback host or a Unix socket. libpq's
    ///   other modes (`require`, `prefer`, `allow`, `verify-ca`) encrypt without checking whom
    ///   they talk to, or not at all, and are refused;
    /// - the only query parameters are `sslmode` and `host`.
    /// - Parameters:
    ///   - text: The `store_url` value.
    ///   - passwordFile: `store_password_file`, if set.
    /// - Throws: ``ConfigurationError`` `store_url`.
    public init(parsing text: String, passwordFile: String?) throws(ConfigurationError) {
        guard let schemeEnd = text.range(of: "://"),
              ["postgres", "postgresql"].contains(text[..<schemeEnd.lowerBound].lowercased()) else {
            throw ConfigurationError(key: Self.key, "expected postgres://user@host:5432/database")
        }
        var rest = Substring(text[schemeEnd.upperBound...])
        // First of all, before any part is split off and could be quoted in an error: a password
        // (which may itself hold `/`, `?` or `#`) is whatever follows a `:` before the last `@`.
        if let at = rest.lastIndex(of: "@"), rest[..<at].contains(":") {
            throw Self.passwordRefused
        }
        guard !rest.contains("#") else {
            throw ConfigurationError(key: Self.key, "a PostgreSQL store_url has no #fragment")
        }
        var query: [String: String] = [:]
        if let mark = rest.firstIndex(of: "?") {
            query = try Self.parameters(rest[rest.index(after: mark)...])
            rest = rest[..<mark]
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        let path = slash < rest.endIndex ? rest[rest.index(after: slash)...] : ""
        // The last @ ends the user information (a password may itself contain one).
        guard let at = authority.lastIndex(of: "@") else {
            throw ConfigurationError(key: Self.key, "name the user to log in as: postgres://user@host:5432/database")
        }
        let userInfo = authority[..<at]
        if userInfo.contains(":") || query["password"] != nil { throw Self.passwordRefused }
        guard let user = Self.decoded(userInfo), !user.isEmpty else {
            throw ConfigurationError(key: Self.key, "name the user to log in as: postgres://user@host:5432/database")
        }
        guard let database = Self.decoded(path), !database.isEmpty, !database.contains("/") else {
            throw ConfigurationError(key: Self.key, "name the database after the host: postgres://user@host:5432/database")
        }
        let (host, port) = try Self.hostAndPort(authority[authority.index(after: at)...])
        let endpoint: Endpoint
        if let directory = query["host"] {
            guard host == nil else {
                throw ConfigurationError(key: Self.key, "names both a host and ?host=: keep one (a TCP host, or a Unix socket's directory)")
            }
            guard directory.hasPrefix("/") else {
                throw ConfigurationError(key: Self.key, "?host= names a Unix socket's directory, an absolute path (e.g. ?host=/run/postgresql); put a TCP host before the database")
            }
            endpoint = .unixSocket(directory: directory, port: port)
        } else if let host {
            endpoint = .tcp(host: host, port: port)
        } else {
            throw ConfigurationError(key: Self.key, "name the host (postgres://user@host:5432/database) or a Unix socket's directory (postgres://user@/database?host=/run/postgresql)")
        }
        let tlsMode: TLSMode
        switch query["sslmode"] {
        case nil, "verify-full": tlsMode = .verifyFull
        case "disable": tlsMode = .disable
        case let other?:
            let shown = ["require", "prefer", "allow", "verify-ca"].contains(other) ? " (\(other) does not check the server's certificate and name)" : ""
            throw ConfigurationError(key: Self.key, "sslmode must be verify-full (the default) or disable\(shown)")
        }
        if tlsMode == .disable, case .tcp(let host, _) = endpoint, !LoopbackHost.isLoopback(host) {
            throw ConfigurationError(key: Self.key, "sslmode=disable sends invoices and the password in the clear and is only allowed to a loopback host (127.0.0.1, ::1, localhost) or a Unix socket; use sslmode=verify-full")
        }
        self.init(endpoint: endpoint, user: user, database: database, tlsMode: tlsMode, passwordFile: passwordFile)
    }

    /// The error for a password inside the URL (it never repeats the URL).
    private static let passwordRefused = ConfigurationError(
        key: key, "holds a password, which is refused (it would sit in the configuration, the environment and logs): "
            + "remove it from store_url and put it in the file named by store_password_file (mode 0600)")

    /// `name=value&…`, percent-decoded; only `sslmode`, `host` (and `password`, to refuse it with its own message).
    private static func parameters(_ text: Substring) throws(ConfigurationError) -> [String: String] {
        var parameters: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decoded(parts[0]), parts.count == 2, let value = decoded(parts[1]) else {
                throw ConfigurationError(key: key, "expected name=value parameters after ?, e.g. ?sslmode=verify-full")
            }
            guard ["sslmode", "host", "password"].contains(name) else {
                // Not quoted: a mistyped URL may have put part of a password here.
                throw ConfigurationError(key: key, "has a parameter Facteur does not read (known: sslmode, host)")
            }
            guard parameters[name] == nil else {
                throw ConfigurationError(key: key, "gives \(name) twice")
            }
            parameters[name] = value
        }
        return parameters
    }

    /// `host`, `host:port`, `[v6]:port`, `:port` or nothing (a Unix socket's URL).
    private static func hostAndPort(_ authority: Substring) throws(ConfigurationError) -> (host: String?, port: Int) {
        var host = authority
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw ConfigurationError(key: key, "an IPv6 host is written in brackets: postgres://user@[::1]:5432/database")
            }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty {
                throw ConfigurationError(key: key, "expected a port after the IPv6 host's bracket")
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        }
        if host.contains(",") {
            throw ConfigurationError(key: key, "names several hosts; Facteur connects to one (a proxy or a virtual address in front of replicas)")
        }
        let hostOK = host.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-.:_".unicodeScalars.contains($0)) }
        guard hostOK else { throw ConfigurationError(key: key, "the host is not a host name or an address") }
        var port = 5432
        if let portText {
            guard let number = Int(portText), (1...65_535).contains(number) else {
                throw ConfigurationError(key: key, "the port must be a number from 1 to 65535")
            }
            port = number
        }
        return (host.isEmpty ? nil : String(host), port)
    }

    /// Percent-decodes a URL part; nil when it is badly encoded.
    private static func decoded(_ part: Substring) -> String? {
        String(part).removingPercentEncoding
    }
}
