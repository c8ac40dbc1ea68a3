import ArgumentParser
import FacteurApp
import Foundation
import Store

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (JSON). Default: $FACTEUR_CONFIG, else ./facteur.json if present. FACTEUR_<KEY> environment variables override it.")
    var config: String?

    @Option(name: .long, help: "The workspace (company) to work on; optional when the gateway serves one. See `facteur workspace list`.")
    var workspace: String?

    /// Loads and validates the configuration.
    func loadConfiguration() throws -> FacteurConfiguration {
        try FacteurConfiguration.load(path: config, environment: ProcessInfo.processInfo.environment)
    }

    /// The gateway's workspaces.
    func catalog() throws -> WorkspaceCatalog {
        WorkspaceCatalog(gateway: try loadConfiguration())
    }

    /// Opens the workspace `--workspace` names (or the only one).
    func openWorkspace() throws -> OpenedWorkspace {
        try catalog().open(workspace)
    }

    /// The secret store that keeps `name`: the gateway's (data_dir's database) for a gateway
    /// secret such as `smtp_password`, whatever `--workspace` says; else the chosen workspace's.
    func secretStore(for name: String) throws -> (store: SecretStore, keyFile: String, place: String) {
        let catalog = try catalog()
        if GatewayKeys.secretNames.contains(name) {
            return (try catalog.gatewaySecrets(), catalog.gateway.masterKeyFile, "the gateway (data_dir)")
        }
        let opened = try catalog.open(workspace)
        return (opened.secrets, opened.base.masterKeyFile, "workspace \(opened.id)")
    }

    /// Opens the workspace `--workspace` names (or the only one) and returns its configuration in
    /// effect (the settings page's values, stored in its database, override its file's) and its database.
    func open() throws -> (FacteurConfiguration, FacteurDatabase) {
        let opened = try openWorkspace()
        return (try opened.effective(), opened.database)
    }

    /// Read and write access to the secret store, as the Qonto connection needs it.
    func secretAccess(configuration: FacteurConfiguration, database: FacteurDatabase) throws -> SecretAccess {
        SecretAccess(store: SecretStore(database: database, masterKeyFile: configuration.masterKeyFile))
    }
}
