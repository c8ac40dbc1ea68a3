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

    /// Loads the configuration and opens the database of its data directory; the values set on the
    /// settings page (stored in the database) override the file's.
    func open() throws -> (FacteurConfiguration, FacteurDatabase) {
        let base = try loadConfiguration()
        let database = try FacteurDatabase.open(dataDirectory: base.dataDirectory, masterKeyFile: base.masterKeyFile)
        return (try EditableSettings(base: base, database: database).effective(), database)
    }

    /// Read and write access to the secret store, as the Qonto connection needs it.
    func secretAccess(configuration: FacteurConfiguration, database: FacteurDatabase) throws -> SecretAccess {
        let store = SecretStore(database: database, masterKeyFile: configuration.masterKeyFile)
        return SecretAccess(read: { try store.value(name: $0) }, write: { try store.set(name: $0, value: $1) })
    }
}

/// Functions reading and writing named secrets.
struct SecretAccess: Sendable {
    var read: @Sendable (String) throws -> String?
    var write: @Sendable (String, String) throws -> Void
}
