public import FacteurCore
import Foundation

/// A PostgreSQL `store_url`, parsed and checked (``init(parsing:passwordFile:)``): where the
/// gateway's shared database is and how the connection is secured. It never holds a password: the
/// password is read from ``passwordFile`` (`store_password_file`, mode 0600) when connecting.
///
/// Its description, debug description and reflection show neither the user nor the password file's
/// content: `postgres://db.example.fr:5432/facteur?sslmode=verify-full`.
public struct PostgresStoreURL: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Where the server listens.
    public enum Endpoint: Sendable, Hashable {
        /// A TCP host name or address, and a port.
        case tcp(host: String, port: Int)
        /// A Unix socket: the directory holding `.s.PGSQL.<port>` (`?host=/path`), and the port
        /// naming the socket file.
        case unixSocket(directory: String, port: Int)
    }

    /// How the connection is secured (`sslmode`).
    public enum TLSMode: String, Sendable, Hashable {
        /// TLS, with the server's certificate verified and its name checked (the default).
        case verifyFull = "verify-full"
        /// No TLS at all: only to a loopback host or a Unix socket, where nothing crosses a network.
        case disable
    }

    /// The server's address.
    public var endpoint: Endpoint
    /// The user to log in as.
    public var user: String
    /// The database.
    public var database: String
    /// `sslmode`.
    public var tlsMode: TLSMode
    /// `store_password_file`: the file holding the password, if the server asks for one.
    public var passwordFile: String?

    /// Creates a location from its parts (tests; ``init(parsing:passwordFile:)`` checks them).
    public init(endpoint: Endpoint, user: String, database: String, tlsMode: TLSMode = .verifyFull, passwordFile: String? = nil) {
        self.endpoint = endpoint
        self.user = user
        self.database = database
        self.tlsMode = tlsMode
        self.passwordFile = passwordFile
    }

    /// The password in ``passwordFile`` (nil when none is configured), read now.
    /// - Throws: ``ConfigurationError`` `store_password_file` when the file is unsafe or unreadable
    ///   (``StorePasswordFile/read(_:)``); the error never shows its content.
    public func password() throws(ConfigurationError) -> Secret? {
        guard let passwordFile else { return nil }
        return try StorePasswordFile.read(passwordFile)
    }

    /// `postgres://host:port/database?sslmode=…` (or `?host=/socket/dir`): no user, no password.
    public var description: String {
        let database = Self.encoded(database)
        switch endpoint {
        case .tcp(let host, let port):
            let shown = host.contains(":") ? "[\(host)]" : host
            return "postgres://\(shown):\(port)/\(database)?sslmode=\(tlsMode.rawValue)"
        case .unixSocket(let directory, let port):
            return "postgres://:\(port)/\(database)?host=\(Self.encoded(directory))&sslmode=\(tlsMode.rawValue)"
        }
    }

    /// The same as ``description``.
    public var debugDescription: String { description }

    /// Only what ``description`` shows: `dump` and debuggers never see the user.
    public var customMirror: Mirror {
        Mirror(self, children: ["location": description, "passwordFile": passwordFile as Any], displayStyle: .struct)
    }

    /// Percent-encodes what would break the URL form (space, `?`, `&`, `#`, `%`, `/`, `@`).
    static func encoded(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?&#%/@=:+")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
