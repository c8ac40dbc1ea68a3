import ArgumentParser
import FacteurApp
import Foundation

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

    /// Where the secret `name` is kept: the gateway's store (data_dir's database) for a gateway
    /// secret such as `smtp_password`, whatever `--workspace` says; else the chosen workspace's.
    func secretShelf(for name: String) throws -> SecretShelf {
        try catalog().secretShelf(for: name, workspace: workspace)
    }

    /// Opens the workspace `--workspace` names (or the only one) and returns its configuration in
    /// effect (the settings page's values, stored in its database, override its file's) and the workspace.
    func open() throws -> (FacteurConfiguration, OpenedWorkspace) {
        let opened = try openWorkspace()
        return (try opened.effective(), opened)
    }
}
