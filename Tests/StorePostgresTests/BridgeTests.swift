import FacteurCore
import FacteurTesting
import Foundation
import Store
@testable import StorePostgres
import Testing

/// The synchronous façade called from the Swift concurrency pool itself (two threads here): the
/// PostgreSQL work behind each call, and the client's own connection handling, run on the
/// connection's bridge threads, so blocking every pool thread in façade calls cannot deadlock.
@Suite("PostgreSQL façade calls from the concurrency pool", .postgresServer, .processHeavy)
struct BridgeTests {
    let t0 = Date(timeIntervalSince1970: 1_795_612_921)

    @Test("sixteen concurrent tasks of the pool, each making synchronous façade calls, all complete")
    func sixteenPoolTasksComplete() async throws {
        let server = try PostgresServerTrait.server()
        try await withStoreConnection(server) { connection in
            let queue = PostgresOutboxQueue(connection: connection, workspace: .fresh())
            let stuck = StuckAlarm("16 façade calls from the pool", seconds: 60)
            defer { stuck.cancel() }
            let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
                for task in 0..<16 {
                    group.addTask {
                        // Deliberately on the pool: these calls block its thread until PostgreSQL answers.
                        let message = try queue.enqueue(newMessage("p\(task)"), now: t0).message
                        _ = try queue.counts()
                        return try queue.message(id: message.id).id
                    }
                }
                var ids: [Int64] = []
                for try await id in group { ids.append(id) }
                return ids
            }
            #expect(Set(ids).count == 16)
            #expect(try queue.counts() == [.queued: 16])
        }
    }

    @Test("a call that needs a new pooled connection completes while every pool thread is blocked in a call")
    func newConnectionWhilePoolIsBlocked() async throws {
        let server = try PostgresServerTrait.server()
        try await withStoreConnection(server) { _ in  // the schema
            // A second pool, with no connection open yet: every call below must open its own.
            try await withStoreConnection(server, migrate: false) { connection in
                let queue = PostgresOutboxQueue(connection: connection, workspace: .fresh())
                let width = max(ProcessInfo.processInfo.activeProcessorCount, 2)
                let barrier = Barrier(parties: width)
                let stuck = StuckAlarm("façade calls opening connections from a blocked pool", seconds: 60)
                defer { stuck.cancel() }
                let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<width {
                        group.addTask {
                            // Hold this pool thread until every pool thread is held, then call.
                            barrier.arriveAndWait(timeout: 5)
                            return try queue.counts().values.reduce(0, +)
                        }
                    }
                    var counts: [Int] = []
                    for try await count in group { counts.append(count) }
                    return counts
                }
                #expect(counts == Array(repeating: 0, count: width))
                #expect(barrier.allArrived)
            }
        }
    }
}

/// Blocks each arriving thread until `parties` have arrived (or the timeout passes).
final class Barrier: @unchecked Sendable {
    // @unchecked: every field is guarded by `condition`.
    private let condition = NSCondition()
    private let parties: Int
    private var arrived = 0

    init(parties: Int) { self.parties = parties }

    /// Whether every party arrived.
    var allArrived: Bool {
        condition.lock()
        defer { condition.unlock() }
        return arrived >= parties
    }

    /// Arrives and waits for the others, at most `timeout` seconds.
    func arriveAndWait(timeout: Double) {
        condition.lock()
        arrived += 1
        condition.broadcast()
        let deadline = Date().addingTimeInterval(timeout)
        while arrived < parties, condition.wait(until: deadline) {}
        condition.unlock()
    }
}

/// Ends the test process if not cancelled within `seconds`: a deadlocked pool cannot run any
/// timeout of Swift Testing, so a hang is turned into a clear failure instead of a stuck run.
final class StuckAlarm: @unchecked Sendable {
    // @unchecked: every field is guarded by `condition`.
    private let condition = NSCondition()
    private var cancelled = false

    init(_ what: String, seconds: Double) {
        let thread = Thread { [self] in
            condition.lock()
            let deadline = Date().addingTimeInterval(seconds)
            while !cancelled, condition.wait(until: deadline) {}
            let fired = !cancelled
            condition.unlock()
            if fired {
                FileHandle.standardError.write(Data("✘ \(what) did not complete in \(Int(seconds)) s: deadlock\n".utf8))
                abort()
            }
        }
        thread.name = "facteur-stuck-alarm"
        thread.start()
    }

    /// Disarms the alarm.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
