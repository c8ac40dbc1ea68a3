import NIOSSL
import PostgresNIO

extension PostgresLocation {
    /// The settings of a connection of its own to this server, outside the pool (the outbox
    /// listener's, the poll-lock session's); the password is asked anew.
    /// - Throws: What the password provider throws, ``Store/StoreError`` when the CA file cannot be
    ///   loaded, NIOSSL's error when the TLS context cannot be made.
    func directConfiguration() throws -> PostgresConnection.Configuration {
        let password = try password()
        switch endpoint {
        case .tcp(let host, let port):
            let tls = try PostgresStoreConnection.tlsConfiguration(self.tls)
                .map { PostgresConnection.Configuration.TLS.require(try NIOSSLContext(configuration: $0)) } ?? .disable
            var configuration = PostgresConnection.Configuration(host: host, port: port, username: user, password: password,
                                                                 database: database, tls: tls)
            configuration.options.connectTimeout = .seconds(10)
            return configuration
        case .unixSocket(let path):
            var configuration = PostgresConnection.Configuration(unixSocketPath: path, username: user, password: password,
                                                                 database: database)
            configuration.options.connectTimeout = .seconds(10)
            return configuration
        }
    }
}
