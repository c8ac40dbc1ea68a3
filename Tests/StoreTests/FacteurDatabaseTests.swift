import Foundation
import GRDB
import FacteurTesting
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

    /// Two processes never hold the lock at once; within one process (`facteur run`'s poller and
    /// outbox worker) it is shared and released with its last holder.
    @Test func theLockRefusesAnotherProcessAndIsSharedWithinOne() async throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try DataDirectory.prepare(path)
        #expect(try await probeLock(path) == "free")
        var outer: DataDirectoryLock? = try DataDirectoryLock(dataDirectory: path)
        var inner: DataDirectoryLock? = try DataDirectoryLock(dataDirectory: path)
        #expect(outer != nil && inner != nil)
        #expect(try await probeLock(path) == "locked")
        outer = nil
        #expect(try await probeLock(path) == "locked", "released while a holder remains")
        inner = nil
        #expect(try await probeLock(path) == "free", "not released with its last holder")
    }

    /// Tries the lock from another process (python's fcntl.flock, the same flock(2) as Facteur's).
    func probeLock(_ path: String) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import fcntl, sys
            f = open(sys.argv[1] + "/facteur.lock", "a")
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB); print("free")
            except OSError:
                print("locked")
            """, path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        return await process.finish(stdout: out).stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
