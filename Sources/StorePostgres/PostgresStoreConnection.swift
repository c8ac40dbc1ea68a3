// StorePostgres: the store façade's second engine, on PostgreSQL through PostgresNIO, for several
// gateway processes sharing one database. Every table leads its keys with `workspace`; times are
// TEXT in SQLite's format (`Timestamp.format`), so rows convert to and from SQLite unchanged.
// Outbox claims are `SELECT … FOR UPDATE SKIP LOCKED` with a lease; the mail-log chain of each
// workspace is extended under an advisory lock.
import Foundation
public import Logging
import NIOSSL
import PostgresNIO
public import ServiceLifecycle
public import Store

/// One pool of connections to the PostgreSQL store, shared by every workspace's store parts.
///
/// It is a ServiceLifecycle service: ``run()`` must be running (in the gateway's ServiceGroup, or
/// a task of the test) while anything uses the store; cancelling it closes the pool.
public final class PostgresStoreConnection: Service, Sendable {
    /// The server (its description never shows the password).
    public let location: PostgresLocation
    /// This process's name in outbox leases: `<hostname>-<pid>-<random>`, unique per connection
    /// object, so two gateways (or two in one test) never mistake each other's claims.
    public let holder: String
    /// Where queries and transactions log (never with bound values).
    public let logger: Logger
    let client: PostgresClient
    /// Where the synchronous façade's calls run their PostgreSQL work and wait for it: two
    /// threads of this connection's own, which also run the pool (``run()``), so nothing of
    /// PostgreSQL's needs the Swift concurrency pool.
    let bridge: PostgresBridge
    /// Signalled by ``run()`` just before the client starts, so that ``startForProcess()`` leases
    /// no connection before the pool runs (PostgresNIO logs a warning when one does).
    let running = DispatchSemaphore(value: 0)
    /// The session of its own that holds this process's poll locks (``PostgresWorkspaceStore/lock(for:)``).
    let pollSession: PostgresPollSession

    /// Prepares a pool (no connection is opened until ``run()`` runs and a query needs one).
    /// - Parameters:
    ///   - location: The server; its password provider is asked once, now.
    ///   - holder: The lease holder name; a fresh unique one by default (``makeHolder()``).
    ///   - maximumConnections: The pool's size (10 by default).
    ///   - operationTimeout: How long a call of the synchronous façade waits for PostgreSQL before
    ///     it fails, with nothing applied (10 s by default); without it a call waits up to 60 s
    ///     while the server is down.
    ///   - logger: Where to log.
    /// - Throws: ``StoreError`` `.database` when the password cannot be read or the CA file loaded.
    public init(location: PostgresLocation, holder: String = PostgresStoreConnection.makeHolder(),
                maximumConnections: Int = 10, operationTimeout: Duration = .seconds(10),
                logger: Logger) throws(StoreError) {
        self.location = location
        self.holder = holder
        self.logger = logger
        let password: String?
        do {
            password = try location.password()
        } catch {
            throw StoreError(.database, "cannot read the password for \(location)")
        }
        var configuration: PostgresClient.Configuration
        switch location.endpoint {
        case .tcp(let host, let port):
            configuration = .init(host: host, port: port, username: location.user, password: password,
                                  database: location.database, tls: try Self.tls(location.tls))
        case .unixSocket(let path):
            configuration = .init(unixSocketPath: path, username: location.user, password: password,
                                  database: location.database)
        }
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(10)
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        bridge = PostgresBridge(executor: DedicatedExecutor(name: "facteur-pg", threads: 2), timeout: operationTimeout)
        pollSession = PostgresPollSession(location: location, logger: logger, executor: bridge.executor)
    }

    /// Runs the pool until the task is cancelled (ServiceLifecycle's graceful shutdown), on the
    /// bridge's executor: opening connections and reading their replies never waits for a thread
    /// of the Swift concurrency pool, which the façade's callers may all be blocking. When it ends
    /// it also closes the poll-lock session, so this process's poll locks go with it.
    public func run() async {
        await withTaskExecutorPreference(bridge.executor) {
            running.signal()
            await client.run()
            await pollSession.close()
        }
    }

    /// A lease holder name unique to this process and call: hostname, process ID and 8 random hex digits.
    public static func makeHolder() -> String {
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "host"
        let random = String(UInt32.random(in: .min ... .max), radix: 16)
        return "\(host)-\(getpid())-\(String(repeating: "0", count: 8 - random.count))\(random)"
    }

    /// PostgresNIO's TLS setting for a mode.
    private static func tls(_ mode: PostgresLocation.TLSMode) throws(StoreError) -> PostgresClient.Configuration.TLS {
        try tlsConfiguration(mode).map { .require($0) } ?? .disable
    }

    /// The TLS configuration of a mode (full verification, optionally against a CA file), or nil
    /// when TLS is disabled.
    static func tlsConfiguration(_ mode: PostgresLocation.TLSMode) throws(StoreError) -> TLSConfiguration? {
        switch mode {
        case .disable:
            return nil
        case .verifyFull(let caFile):
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .fullVerification
            if let caFile {
                do {
                    tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
                } catch {
                    throw StoreError(.database, "cannot load the PostgreSQL CA file \(caFile)")
                }
            }
            return tls
        }
    }

    /// Runs `body` in one transaction on one pooled connection: committed when it returns,
    /// rolled back when it throws.
    /// - Parameters:
    ///   - action: What is being done, for the error message ("enqueue a message").
    ///   - body: The work, given the connection (which it must not keep).
    /// - Throws: ``StoreError``: the body's own, or PostgreSQL's mapped (``StoreError/init(postgres:while:location:)``).
    func transaction<T: Sendable>(_ action: String,
                                  _ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await client.withConnection { connection in
                try await Self.closingOnCancel(connection) {
                    try await connection.query("BEGIN", logger: logger)
                    do {
                        let value = try await body(connection)
                        try await connection.query("COMMIT", logger: logger)
                        return value
                    } catch {
                        // Not on a connection closed by cancellation: a statement sent as it closes may
                        // never be answered (the server rolls back anyway when the connection ends).
                        if !Task.isCancelled, !connection.isClosed {
                            _ = try? await connection.query("ROLLBACK", logger: logger)
                        }
                        throw error
                    }
                }
            }
        } catch {
            throw StoreError(postgres: error, while: action, location: location)
        }
    }

    /// Runs one statement outside a transaction and returns every row.
    func rows(_ action: String, _ query: PostgresQuery) async throws(StoreError) -> [PostgresRow] {
        do {
            return try await client.withConnection { connection in
                try await Self.closingOnCancel(connection) { try await connection.query(query, logger: logger).collect() }
            }
        } catch {
            throw StoreError(postgres: error, while: action, location: location)
        }
    }

    /// Runs `body` on a leased connection, closing the connection if the task is cancelled (a
    /// bridge timeout): PostgresNIO does not cancel a statement under way, so closing is what
    /// stops it, and the server rolls back the transaction left open. The pool replaces the
    /// connection. Use it around any statement run on a connection leased from ``client``
    /// directly, so that a bridge timeout stops it too.
    nonisolated(nonsending) static func closingOnCancel<T>(_ connection: PostgresConnection,
                                           _ body: () async throws -> T) async throws -> T {
        try await withTaskCancellationHandler {
            try Task.checkCancellation()
            return try await body()
        } onCancel: {
            connection.close() as Void
        }
    }
}
