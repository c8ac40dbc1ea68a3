import Foundation
import GRDB
@testable import Store
import FacteurTesting
import Testing

/// Group commit: writes arriving while a commit is in progress share the next transaction, each
/// in its own savepoint, and every caller returns only after its write is committed.
@Suite(.poolWatchdog) struct GroupCommitTests {
    /// Counts commits on the connection.
    final class CommitCounter: TransactionObserver, @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        var commits: Int { lock.withLock { value } }
        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { true }
        func databaseDidChange(with event: DatabaseEvent) {}
        func databaseDidCommit(_ db: Database) { lock.withLock { value += 1 } }
        func databaseDidRollback(_ db: Database) {}
    }

    struct Refused: Error {}

    func makeQueue() throws -> (DatabaseQueue, CommitCounter, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("group-commit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: folder.appendingPathComponent("db.sqlite").path)
        try queue.write { db in try db.execute(sql: "CREATE TABLE t (name TEXT NOT NULL)") }
        let counter = CommitCounter()
        queue.add(transactionObserver: counter, extent: .databaseLifetime)
        return (queue, counter, folder)
    }

    @Test func writesArrivingDuringACommitShareTheNextOneAndAFailureStaysItsOwn() async throws {
        let (queue, counter, folder) = try makeQueue()
        defer { try? FileManager.default.removeItem(at: folder) }
        let group = GroupCommit(queue: queue)
        let results = Results()
        // The threads' choreography sleeps and waits: off the concurrency pool.
        await offPool {
        let done = DispatchGroup()
        // A long first write holds the commit while three others arrive
        done.enter()
        Thread {
            defer { done.leave() }
            results.record("a", Result { try group.write { db in
                try db.execute(sql: "INSERT INTO t VALUES ('a')")
                Thread.sleep(forTimeInterval: 0.3)
            } })
        }.start()
        Thread.sleep(forTimeInterval: 0.1)
        for name in ["b", "c", "d"] {
            done.enter()
            Thread {
                defer { done.leave() }
                results.record(name, Result { try group.write { db in
                    try db.execute(sql: "INSERT INTO t VALUES (?)", arguments: [name])
                    if name == "c" { throw Refused() }
                } })
            }.start()
        }
        done.wait()
        }
        // Then a's write committed alone, b, c and d together: two commits for four writes
        #expect(counter.commits == 2)
        // And only c's write, which threw, is missing; c's caller got its error, the others none
        let names = try await queue.read { db in try String.fetchAll(db, sql: "SELECT name FROM t ORDER BY name") }
        #expect(names == ["a", "b", "d"])
        #expect(results.failed == ["c"])
    }

    @Test func aCallerSeesItsOwnResult() throws {
        let (queue, counter, folder) = try makeQueue()
        defer { try? FileManager.default.removeItem(at: folder) }
        let group = GroupCommit(queue: queue)
        let count = try group.write { db -> Int in
            try db.execute(sql: "INSERT INTO t VALUES ('x')")
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t") ?? 0
        }
        #expect(count == 1 && counter.commits == 1)
    }

    /// Outcomes by writer, collected from several threads.
    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var outcomes: [String: Bool] = [:]
        func record(_ name: String, _ result: Result<Void, any Error>) {
            lock.withLock { outcomes[name] = (try? result.get()) != nil }
        }
        var failed: [String] { lock.withLock { outcomes.filter { !$0.value }.map(\.key).sorted() } }
    }
}
