import ArgumentParser
import FacteurApp
import Foundation
import Store

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (JSON). Default: $FACTEUR_CONFIG, else ./facteur.json if present. FACTEUR_<KEY> environment variables override it.")
    var config: String?

    /// Loads and validates the configuration.
    func loadConfiguration() throws -> FacteurConfiguration {
        try FacteurConfiguration.load(path: config, environment: ProcessInfo.processInfo.environment)
    }

    /// Loads the configuration and opens the database of its data directory.
    func open() throws -> (FacteurConfiguration, FacteurDatabase) {
        let configuration = try loadConfiguration()
        return (configuration, try FacteurDatabase.open(dataDirectory: configuration.dataDirectory))
    }
}
