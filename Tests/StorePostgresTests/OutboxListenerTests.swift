import FacteurCore
import FacteurTesting
import Foundation
import Logging
import Store
@testable import StorePostgres
import Testing

/// The NOTIFY listener against a real server of its own (the test restarts it).
@Suite("PostgreSQL outbox listener", .processHeavy)
struct OutboxListenerTests {
    @Test("an enqueue by one connection wakes a listener on another, before and after a PostgreSQL restart")
    func wakesAcrossRestart() async throws {
        try await withPostgresTestServer { server in
            // The listener needs no running pool: it opens a connection of its own.
            let log = RecordedLog()
            let listening = try PostgresStoreConnection(location: server.location(), holder: "listener",
                                                        logger: Logger(label: "facteur.test.listener") { _ in log })
            try await withStoreConnection(server, holder: "enqueuer") { enqueuing in
                let queue = PostgresOutboxQueue(connection: enqueuing, workspace: .fresh())
                let wakes = Wakes()
                let listener = PostgresOutboxListener(connection: listening) { wakes.note($0) }
                let running = Task { await listener.run() }
                #expect(try await enqueueUntilWoken(queue, wakes, tag: "before"))
                #expect(log.messages(.warning).isEmpty)
                try await server.restart()
                #expect(try await enqueueUntilWoken(queue, wakes, tag: "after"))
                // One warning for the outage however many tries it took, one notice when back.
                #expect(log.messages(.warning).count == 1)
                #expect(log.messages(.notice).filter { $0.contains("listening for queued messages again") }.count == 1)
                let cancelled = Date()
                running.cancel()
                await running.value
                #expect(Date().timeIntervalSince(cancelled) < 5)
            }
        }
    }

    /// Enqueues a message, then waits up to a second for the listener to be woken for its
    /// workspace; repeats (the listener may not be listening yet, the server may be restarting)
    /// for up to 60 s.
    func enqueueUntilWoken(_ queue: PostgresOutboxQueue, _ wakes: Wakes, tag: String) async throws -> Bool {
        let deadline = Date().addingTimeInterval(60)
        var round = 0
        while Date() < deadline {
            round += 1
            let before = wakes.count(queue.workspace)
            let message = newMessage("\(tag)-\(round)")
            let queued = (try? await offPool { try queue.enqueue(message, now: Date()) }) != nil
            if queued, await eventually(seconds: 1, { wakes.count(queue.workspace) > before }) { return true }
            if !queued { try await Task.sleep(for: .milliseconds(300)) }
        }
        return false
    }
}

/// The workspaces a listener was woken for, counted.
final class Wakes: @unchecked Sendable {
    // @unchecked: `counts` is guarded by `lock`.
    private let lock = NSLock()
    private var counts: [WorkspaceID: Int] = [:]

    /// Counts one wake (called on the bridge's thread: returns at once).
    func note(_ workspace: WorkspaceID) { lock.withLock { counts[workspace, default: 0] += 1 } }

    /// How many wakes a workspace had.
    func count(_ workspace: WorkspaceID) -> Int { lock.withLock { counts[workspace] ?? 0 } }
}

/// A log handler keeping what the listener logs, by level.
final class RecordedLog: LogHandler, @unchecked Sendable {
    // @unchecked: `entries` is guarded by `lock`; the handler's own settings are set before use.
    private let lock = NSLock()
    private var entries: [(Logger.Level, String)] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .notice

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lock.withLock { entries.append((event.level, event.message.description)) }
    }

    /// The messages logged at exactly `level`.
    func messages(_ level: Logger.Level) -> [String] {
        lock.withLock { entries.filter { $0.0 == level }.map(\.1) }
    }
}
