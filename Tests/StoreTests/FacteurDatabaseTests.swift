import Foundation
import GRDB
import Store
import Testing

@Suite struct FacteurDatabaseTests {
    func temporaryPath() -> String {
        "\(FileManager.default.temporaryDirectory.path)/facteur-store-\(UUID().uuidString.prefix(8))"
    }

    @Test func createsAPrivateDataDirectoryAndDatabaseInWALMode() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try FacteurDatabase.open(dataDirectory: path)
        let directoryMode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        let fileMode = try FileManager.default.attributesOfItem(atPath: "\(path)/facteur.sqlite")[.posixPermissions] as? Int
        #expect(directoryMode == 0o700)
        #expect(fileMode == 0o600)
        let (journal, synchronous) = try database.queue.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
        }
        #expect(journal == "wal")
        #expect(synchronous == 2)  // FULL
    }

    @Test func reopeningKeepsDataAndAppliesNoMigrationTwice() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try OutboxRepository(database: try FacteurDatabase.open(dataDirectory: path)).enqueue(newMessage("a"), now: Date())
        let reopened = try FacteurDatabase.open(dataDirectory: path)
        #expect(try OutboxRepository(database: reopened).list().count == 1)
    }

    @Test func refusesADatabaseFileOthersCanRead() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try FacteurDatabase.open(dataDirectory: path)
        chmod("\(path)/facteur.sqlite", 0o644)
        #expect(throws: StoreError.self) { try FacteurDatabase.open(dataDirectory: path) }
    }

    @Test func secondLockOnTheSameDataDirectoryIsRefused() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try DataDirectory.prepare(path)
        let first = try DataDirectoryLock(dataDirectory: path)
        #expect(throws: StoreError.self) { try DataDirectoryLock(dataDirectory: path) }
        withExtendedLifetime(first) {}
    }
}
