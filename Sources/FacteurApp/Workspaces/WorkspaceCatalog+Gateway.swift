public import Store
import Foundation
import Web

extension GatewayKeys {
    /// Secrets the gateway uses for every workspace (the relay's password): stored in `data_dir`'s
    /// database whichever workspace a command names.
    public static let secretNames: Set<String> = [FacteurConfiguration.smtpPasswordSecretName, WebGateway.metricsTokenSecret]
}

extension WorkspaceCatalog {
    /// `data_dir`'s database: the workspace `default`'s, which also keeps the gateway's own state
    /// (the web password, sessions, a stored `smtp_password`). Created on first use.
    /// - Throws: ``StoreError`` for the data directory or the database.
    public func gatewayDatabase() throws(StoreError) -> FacteurDatabase {
        try FacteurDatabase.open(dataDirectory: gateway.dataDirectory, masterKeyFile: gateway.masterKeyFile)
    }

    /// The gateway's secret store (`data_dir`'s database, the gateway's master key).
    /// - Throws: ``StoreError``.
    public func gatewaySecrets() throws(StoreError) -> SecretStore {
        SecretStore(database: try gatewayDatabase(), masterKeyFile: gateway.masterKeyFile)
    }

    /// Whether `data_dir`'s database exists already (a check must not create it).
    public var gatewayDatabaseExists: Bool {
        FileManager.default.fileExists(atPath: "\(gateway.dataDirectory)/facteur.sqlite")
    }
}
