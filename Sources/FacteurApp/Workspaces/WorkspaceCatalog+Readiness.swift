import FacteurCore
import Foundation
import Store

extension WorkspaceCatalog {
    /// What `facteur config check` reports for one workspace: its configuration in effect and the
    /// problems `facteur run` would refuse to start with. Never creates a data directory or a
    /// database: stored secrets and settings count only where a database exists already.
    /// - Parameter requested: `--workspace`, if given.
    /// - Throws: ``ConfigurationError`` for the name or an invalid key; ``StoreError``.
    public func readiness(of requested: String?) throws -> (configuration: FacteurConfiguration, readiness: RunReadiness) {
        let id = try Self.choose(requested, among: workspaces())
        var configuration = try self.configuration(of: id)
        var workspaceSecret: (String) throws -> String? = { _ in nil }
        if storeExists(of: configuration) {
            let opened = try OpenedWorkspace(id, in: self)
            configuration = try opened.effective()
            let store = opened.secrets
            workspaceSecret = { try store.value(name: $0) }
        }
        return (configuration, try readiness(of: configuration, secret: workspaceSecret))
    }

    /// Whether a workspace's store can be read without creating anything: on SQLite, whether its
    /// database file exists (a check must not create a data directory); a PostgreSQL database is
    /// the operator's, and opening it creates no file.
    func storeExists(of configuration: FacteurConfiguration) -> Bool {
        switch configuration.storeLocation {
        case .sqlite(let directory): FileManager.default.fileExists(atPath: "\(directory)/facteur.sqlite")
        case .postgres: true
        }
    }

    /// The readiness of a workspace's configuration: its own secrets from `secret`, the gateway's
    /// (`smtp_password`) and the web password from `data_dir`'s database when it exists.
    func readiness(of configuration: FacteurConfiguration, secret: @escaping (String) throws -> String?) throws -> RunReadiness {
        let shared = gatewayDatabaseExists ? try gatewayDatabase() : nil
        let gatewaySecrets = shared.map { SecretStore(database: $0, masterKeyFile: gateway.masterKeyFile) }
        let webPasswordSet = try shared.map(Daemon.webPasswordIsSet) ?? false
        return RunReadiness(configuration, secret: { name in
            GatewayKeys.secretNames.contains(name) ? try gatewaySecrets?.value(name: name) : try secret(name)
        }, webPasswordSet: webPasswordSet)
    }
}
