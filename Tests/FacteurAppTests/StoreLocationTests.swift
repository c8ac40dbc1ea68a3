import FacteurApp
import FacteurCore
import FacteurTesting
import Foundation
import Testing

/// `store_url` and `data_dir` together: one answer to "where is the database", a gateway key, and
/// the workspaces' stores on each engine.
@Suite struct StoreLocationTests {
    /// The configuration error these values cause, if any.
    func problem(_ values: [String: String]) -> ConfigurationError? {
        let result = Result { () throws(ConfigurationError) -> FacteurConfiguration in try FacteurConfiguration(values: values) }
        if case .failure(let error) = result { return error }
        return nil
    }

    @Test func withoutStoreURLTheStoreIsSQLiteInTheDataDirectory() throws {
        let configuration = try FacteurConfiguration(values: ["data_dir": "/srv/facteur"])
        #expect(configuration.storeLocation == .sqlite(dataDirectory: "/srv/facteur"))
        #expect(configuration.storeLocation.description == "sqlite:///srv/facteur")
    }

    @Test func withNeitherKeyTheStoreIsTheDefaultDataDirectory() throws {
        let configuration = try FacteurConfiguration(values: [:])
        #expect(configuration.dataDirectory == "./.facteur")
        #expect(configuration.storeLocation == .sqlite(dataDirectory: "./.facteur"))
    }

    @Test func aSQLiteStoreURLSetsDataDirWhenDataDirIsNotGiven() throws {
        let configuration = try FacteurConfiguration(values: ["store_url": "sqlite:///var/lib/facteur"])
        #expect(configuration.dataDirectory == "/var/lib/facteur")
        #expect(configuration.storeLocation == .sqlite(dataDirectory: "/var/lib/facteur"))
        // Everything that follows data_dir follows it.
        #expect(configuration.masterKeyFile == "/var/lib/facteur/master.key")
    }

    @Test func aSQLiteStoreURLThatAgreesWithDataDirIsAcceptedAndDataDirIsKeptAsWritten() throws {
        let configuration = try FacteurConfiguration(values: ["store_url": "sqlite:///var/lib/facteur", "data_dir": "/var/lib/facteur/"])
        #expect(configuration.dataDirectory == "/var/lib/facteur/")
        #expect(configuration.storeLocation == .sqlite(dataDirectory: "/var/lib/facteur/"))
    }

    @Test func aSQLiteStoreURLThatDisagreesWithDataDirIsRefusedNamingBoth() throws {
        let error = try #require(problem(["store_url": "sqlite:///var/lib/facteur", "data_dir": "/srv/other"]))
        #expect(error.key == "store_url")
        #expect(error.problem.contains("/var/lib/facteur") && error.problem.contains("data_dir is /srv/other"))
    }

    @Test func aSQLiteStoreURLWithoutADirectoryIsRefused() throws {
        let error = try #require(problem(["store_url": "sqlite://"]))
        #expect(error.key == "store_url")
        #expect(error.problem.contains("sqlite:///var/lib/facteur"))
    }

    @Test func anUnknownSchemeIsRefusedWithoutRepeatingTheURL() throws {
        let error = try #require(problem(["store_url": "mysql://facteur:hunter2@db.example.fr/facteur"]))
        #expect(error.key == "store_url")
        #expect(error.problem.contains("postgres://user@host:5432/database"))
        #expect(!error.description.contains("hunter2") && !error.description.contains("facteur:"))
    }

    @Test func aStorePasswordFileWithoutAPostgresStoreIsRefused() throws {
        for values in [["store_password_file": "/etc/facteur/pg.pass"],
                       ["store_password_file": "/etc/facteur/pg.pass", "store_url": "sqlite:///var/lib/facteur"]] {
            let error = try #require(problem(values))
            #expect(error.key == "store_password_file")
            #expect(error.problem.contains("postgres://"))
        }
    }

    @Test func aPostgresStoreKeepsDataDirForWhatIsPerProcess() throws {
        let configuration = try FacteurConfiguration(values: [
            "store_url": "postgres://facteur@db.example.fr/facteur", "data_dir": "/srv/facteur",
            "store_password_file": "/etc/facteur/pg.pass",
        ])
        #expect(configuration.dataDirectory == "/srv/facteur")
        let expected = PostgresStoreURL(endpoint: .tcp(host: "db.example.fr", port: 5432), user: "facteur", database: "facteur",
                                        passwordFile: "/etc/facteur/pg.pass")
        #expect(configuration.storeLocation == .postgres(expected))
    }

    @Test func theStoreIsReadFromTheEnvironmentLikeEveryKey() throws {
        let directory = try TemporaryDirectory("facteur-store-env")
        defer { directory.remove() }
        let file = try directory.write("facteur.json", Array(#"{"data_dir": "/srv/facteur"}"#.utf8))
        #expect(ConfigurationKey.named("store_url")?.environmentName == "FACTEUR_STORE_URL")
        #expect(ConfigurationKey.named("store_password_file")?.environmentName == "FACTEUR_STORE_PASSWORD_FILE")
        let configuration = try FacteurConfiguration.load(path: file, environment: [
            "FACTEUR_STORE_URL": "postgresql://facteur@127.0.0.1/facteur?sslmode=disable",
            "FACTEUR_STORE_PASSWORD_FILE": "/run/secrets/pg",
        ])
        guard case .postgres(let url) = configuration.storeLocation else {
            Issue.record("expected a PostgreSQL store, got \(configuration.storeLocation)")
            return
        }
        #expect(url.endpoint == .tcp(host: "127.0.0.1", port: 5432) && url.tlsMode == .disable && url.passwordFile == "/run/secrets/pg")
    }

    @Test func theStoreKeysAreTheGatewaysNotAWorkspaces() throws {
        #expect(GatewayKeys.contains("store_url") && GatewayKeys.contains("store_password_file"))
        let directory = try TemporaryDirectory("facteur-store-keys")
        defer { directory.remove() }
        let file = try directory.write("acme.json", Array(#"{"store_url": "postgres://acme@db.example.fr/acme"}"#.utf8))
        #expect(throws: ConfigurationError.self) { try WorkspaceCatalog.workspaceValues(file: file) }
    }

    @Test func anAddedWorkspaceOnSQLiteKeepsItsOwnFolderAsItsStore() throws {
        // Given a gateway whose sqlite:// store_url sets data_dir
        let gateway = try FacteurConfiguration(values: ["store_url": "sqlite:///srv/facteur"])
        let catalog = WorkspaceCatalog(gateway: gateway)
        // When an added workspace's configuration is read
        let acme = try catalog.configuration(of: WorkspaceID("acme")!, keys: [:], file: nil)
        // Then its store is its own folder's database, as without store_url
        #expect(acme.dataDirectory == "/srv/facteur/workspaces/acme")
        #expect(acme.storeLocation == .sqlite(dataDirectory: "/srv/facteur/workspaces/acme"))
    }

    @Test func anAddedWorkspaceSharesTheGatewaysPostgresStore() throws {
        let gateway = try FacteurConfiguration(values: ["store_url": "postgres://facteur@db.example.fr/facteur", "data_dir": "/srv/facteur"])
        let acme = try WorkspaceCatalog(gateway: gateway).configuration(of: WorkspaceID("acme")!, keys: [:], file: nil)
        #expect(acme.dataDirectory == "/srv/facteur/workspaces/acme")
        #expect(acme.storeLocation == gateway.storeLocation)
    }

    @Test func theReadmeDefaultOfStoreURLNamesTheDataDirectory() throws {
        let key = try #require(ConfigurationKey.named("store_url"))
        // No default value as such: it follows data_dir (reading it would otherwise return a literal).
        #expect(key.defaultValue == nil)
        #expect(key.summary.contains("sqlite://<data_dir>") && !key.isSecret)
    }
}
