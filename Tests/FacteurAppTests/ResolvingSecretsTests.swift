import FacteurCore
import Curl
import FacteurApp
import FacteurTesting
import Foundation
import Store
import Testing

/// `FacteurConfiguration.resolvingSecrets(from:)`: a stored smtp_password stands in for a missing one.
@Suite struct ResolvingSecretsTests {
    let base = [
        "smtp_url": "smtps://relay.example.fr:465",
        "smtp_from": "Facteur <factures@example.fr>",
        "smtp_helo": "facteur.example.fr",
    ]

    func store() throws -> SecretStore {
        SecretStore(database: try FacteurDatabase.inMemory(), masterKey: try MasterKey.generate())
    }

    func password(_ configuration: FacteurConfiguration) -> String? {
        guard case .smtp(let settings) = configuration.transport else { return nil }
        return settings.password?.exposedValue
    }

    @Test func aStoredPasswordFillsTheOneTheConfigurationLacks() throws {
        let secrets = try store()
        try secrets.set(name: "smtp_password", value: "stored-pw")
        let configuration = try FacteurConfiguration(values: base.merging(["smtp_username": "factures"]) { $1 })
        #expect(password(try configuration.resolvingSecrets(from: secrets)) == "stored-pw")
    }

    @Test func aConfiguredPasswordWinsOverTheStoredOne() throws {
        let secrets = try store()
        try secrets.set(name: "smtp_password", value: "stored-pw")
        let configuration = try FacteurConfiguration(values: base.merging(["smtp_username": "factures", "smtp_password": "configured-pw"]) { $1 })
        #expect(password(try configuration.resolvingSecrets(from: secrets)) == "configured-pw")
    }

    @Test func nothingStoredLeavesTheConfigurationAsItIs() throws {
        let configuration = try FacteurConfiguration(values: base.merging(["smtp_username": "factures"]) { $1 })
        #expect(password(try configuration.resolvingSecrets(from: try store())) == nil)
    }

    @Test func aStoredPasswordWithoutAUserNameIsAConfigurationErrorThatHidesIt() throws {
        let secrets = try store()
        try secrets.set(name: "smtp_password", value: "stored-pw")
        let configuration = try FacteurConfiguration(values: base)
        let error = #expect(throws: ConfigurationError.self) { try configuration.resolvingSecrets(from: secrets) }
        #expect(error?.key == "smtp_username")
        #expect(error?.description.contains("stored-pw") == false)
    }

    @Test func aFileTransportNeverReadsTheStore() throws {
        let directory = try TemporaryDirectory("facteur-resolve")
        defer { directory.remove() }
        let configuration = try FacteurConfiguration(values: ["smtp_url": "file://\(directory.path)/mail", "data_dir": "\(directory.path)/data"])
        #expect(configuration.masterKeyFile == "\(directory.path)/data/master.key")
        // Opening the database creates the master key (it seals the mail log); a password is
        // stored, and the store is then pointed at a key file that does not exist: any read throws.
        let database = try FacteurDatabase.open(dataDirectory: configuration.dataDirectory)
        try SecretStore(database: database, masterKeyFile: configuration.masterKeyFile).set(name: "smtp_password", value: "stored-pw")
        let secrets = SecretStore(database: database, masterKeyFile: "\(directory.path)/missing/master.key")
        #expect(throws: (any Error).self) { try secrets.value(name: "smtp_password") }
        _ = try configuration.resolvingSecrets(from: secrets)
    }

    @Test func masterKeyFileCanBePlacedOutsideTheDataDirectory() throws {
        let configuration = try FacteurConfiguration(values: ["data_dir": "/var/lib/facteur", "master_key_file": "/etc/facteur/master.key"])
        #expect(configuration.masterKeyFile == "/etc/facteur/master.key")
    }
}
