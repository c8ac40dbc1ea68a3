import FacteurApp
import FacteurCore
import FacteurTesting
import Foundation
import Store
import Testing

/// The one place a workspace's store is chosen: SQLite in the data directory, opened once per
/// workspace; PostgreSQL refused clearly until its engine is wired.
@Suite struct WorkspaceStoreOpenerTests {
    @Test func aSQLiteLocationOpensTheDataDirectorysDatabase() throws {
        let directory = try TemporaryDirectory("facteur-opener")
        defer { directory.remove() }
        let configuration = try FacteurConfiguration(values: ["data_dir": "\(directory.path)/data"])
        let store = try WorkspaceStoreOpener.standard.open(.default, configuration)
        let sqlite = try #require(store as? SQLiteWorkspaceStore)
        #expect(sqlite.database.dataDirectory == "\(directory.path)/data")
        #expect(FileManager.default.fileExists(atPath: "\(directory.path)/data/facteur.sqlite"))
        #expect(try store.outbox.counts().isEmpty)
    }

    @Test func aPostgresLocationIsRefusedUntilItsEngineIsWired() throws {
        let directory = try TemporaryDirectory("facteur-opener")
        defer { directory.remove() }
        let gateway = try FacteurConfiguration(values: [
            "data_dir": "\(directory.path)/data", "store_url": "postgres://cabinet-admin@db.example.fr/facteur",
        ])
        let catalog = WorkspaceCatalog(gateway: gateway)
        do {
            _ = try OpenedWorkspace(.default, in: catalog)
            Issue.record("a PostgreSQL store was opened")
        } catch let error as ConfigurationError {
            #expect(error.key == "store_url" && error.problem.contains("PostgreSQL engine is not wired yet"))
            #expect(!error.description.contains("cabinet-admin"))
        }
        #expect(throws: ConfigurationError.self) { try WorkspaceStoreOpener.standard.defaultHoldsHistory(gateway) }
    }

    @Test func theDaemonsOpeningReusesTheGatewaysDatabaseForDefaultOnly() throws {
        let directory = try TemporaryDirectory("facteur-opener")
        defer { directory.remove() }
        let data = "\(directory.path)/data"
        let catalog = WorkspaceCatalog(gateway: try FacteurConfiguration(values: ["data_dir": data]))
        let gatewayDatabase = try catalog.gatewayDatabase()
        // default's store is data_dir's database, the connection already open
        let main = try OpenedWorkspace(.default, in: catalog, gatewayDatabase: gatewayDatabase)
        #expect(try #require(main.store as? SQLiteWorkspaceStore).database === gatewayDatabase)
        #expect(try catalog.gatewayDatabase(reusing: main) === gatewayDatabase)
        // an added workspace's is its own folder's
        let acme = try catalog.storeOpener.reusing(gatewayDatabase).open(WorkspaceID("acme")!,
                                                                         try catalog.configuration(of: WorkspaceID("acme")!, keys: [:], file: nil))
        let acmeDatabase = try #require(acme as? SQLiteWorkspaceStore).database
        #expect(acmeDatabase !== gatewayDatabase && acmeDatabase.dataDirectory == "\(data)/workspaces/acme")
        #expect(acme.workspace == WorkspaceID("acme")!)
    }

    @Test func aSQLiteStoreLocksItsDataDirectoryForEveryKindOfWork() throws {
        let directory = try TemporaryDirectory("facteur-opener")
        defer { directory.remove() }
        let store = SQLiteWorkspaceStore(database: try FacteurDatabase.open(dataDirectory: directory.path))
        for work in WorkspaceWork.allCases {
            #expect(try store.lock(for: work) is DataDirectoryLock)
        }
        // An in-memory database is this process's alone.
        #expect(try SQLiteWorkspaceStore(database: FacteurDatabase.inMemory()).lock(for: .delivering) is NoWorkspaceWorkLock)
    }
}
