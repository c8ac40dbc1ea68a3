import FacteurTesting
import Logging
import StorePostgres

extension PostgresTestServer {
    /// The test server as a store location: TCP on loopback, or its Unix socket; no TLS (loopback only).
    func location(unixSocket: Bool = false) -> PostgresLocation {
        PostgresLocation(endpoint: unixSocket ? .unixSocket(path: socketPath) : .tcp(host: host, port: port),
                         user: user, database: database, tls: .disable)
    }
}

/// Opens a store connection to the test server, runs its pool while `body` runs, then closes it.
/// - Parameters:
///   - server: The test server.
///   - holder: The lease holder name (a fresh one by default: each call is another "process").
///   - unixSocket: Whether to connect through the Unix socket rather than TCP.
///   - migrate: Whether to apply the schema first.
///   - operationTimeout: How long a façade call waits for PostgreSQL.
///   - maximumConnections: The pool's size.
func withStoreConnection<T: Sendable>(_ server: PostgresTestServer, holder: String? = nil, unixSocket: Bool = false,
                                      migrate: Bool = true, operationTimeout: Duration = .seconds(10),
                                      maximumConnections: Int = 10,
                                      _ body: (PostgresStoreConnection) async throws -> T) async throws -> T {
    var logger = Logger(label: "facteur.test.postgres")
    logger.logLevel = .error
    let connection = try PostgresStoreConnection(location: server.location(unixSocket: unixSocket),
                                                 holder: holder ?? PostgresStoreConnection.makeHolder(),
                                                 maximumConnections: maximumConnections,
                                                 operationTimeout: operationTimeout, logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await connection.run() }
        do {
            if migrate { try await connection.migrate() }
            let result = try await body(connection)
            group.cancelAll()
            return result
        } catch {
            group.cancelAll()
            throw error
        }
    }
}
