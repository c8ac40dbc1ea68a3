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

    /// Opens the workspace `--workspace` names (or the only one).
    func openWorkspace() throws -> OpenedWorkspace {
        try WorkspaceCatalog(gateway: loadConfiguration()).open(workspace)
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
