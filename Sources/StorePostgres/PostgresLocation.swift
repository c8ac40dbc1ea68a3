/// Where a PostgreSQL store lives and how to reach it: the server (TCP host and port, or a Unix
/// socket), the role and database, where the password comes from, and the TLS mode.
///
/// The password is never stored here: ``password`` is asked for when a ``PostgresStoreConnection``
/// is made (from a secret store, a file), and ``description`` never shows it.
public struct PostgresLocation: Sendable, CustomStringConvertible {
    /// How to reach the server.
    public enum Endpoint: Sendable, Hashable {
        /// A TCP host and port.
        case tcp(host: String, port: Int)
        /// A Unix socket file (`<dir>/.s.PGSQL.<port>`); never encrypted, local only.
        case unixSocket(path: String)
    }

    /// How the connection is protected.
    public enum TLSMode: Sendable, Hashable {
        /// TLS required, the server's certificate verified against the system's trust roots (or
        /// the CA file given) and its name checked against the host: the default.
        case verifyFull(caFile: String?)
        /// No TLS: the password (if any) and every invoice cross the network in clear. Only for a
        /// server on loopback or a Unix socket (the tests); never over a network.
        case disable

        /// TLS with full verification against the system's trust roots.
        public static var verifyFull: TLSMode { .verifyFull(caFile: nil) }
    }

    /// The server.
    public var endpoint: Endpoint
    /// The role to connect as.
    public var user: String
    /// The database to open.
    public var database: String
    /// The TLS mode (``TLSMode/verifyFull`` unless asked otherwise).
    public var tls: TLSMode
    /// Returns the password when a store connection is made (nil: none, e.g. trust or peer authentication).
    public var password: @Sendable () throws -> String?

    /// Describes a server.
    /// - Parameters:
    ///   - endpoint: How to reach it.
    ///   - user: The role to connect as.
    ///   - database: The database to open.
    ///   - tls: The TLS mode; ``TLSMode/verifyFull`` by default. Pass ``TLSMode/disable`` only for a
    ///     server on loopback or a Unix socket.
    ///   - password: Returns the password when a store connection is made (read from the secret store
    ///     or a file); nil by default.
    public init(endpoint: Endpoint, user: String, database: String, tls: TLSMode = .verifyFull,
                password: @escaping @Sendable () throws -> String? = { nil }) {
        self.endpoint = endpoint
        self.user = user
        self.database = database
        self.tls = tls
        self.password = password
    }

    /// The server and database, as errors and logs name them: never the password, nor the role
    /// (`store_url`'s own description shows no user either).
    public var description: String {
        switch endpoint {
        case .tcp(let host, let port): return "postgres://\(host):\(port)/\(database)"
        case .unixSocket(let path): return "postgres://[\(path)]/\(database)"
        }
    }
}
