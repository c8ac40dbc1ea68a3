import FacteurCore
import FacteurTesting
import Foundation
import Store
@testable import StorePostgres
import Testing

/// Several enqueues in one transaction, as a polling window commits them (`enqueue(on:)`).
@Suite("PostgreSQL enqueues inside one transaction", .postgresServer, .processHeavy)
struct OutboxWindowTests {
    let t0 = Date(timeIntervalSince1970: 1_795_612_921)

    @Test("a window's enqueues, records locked first, commit together while another process enqueues the same records")
    func windowAndSinglesDoNotDeadlock() async throws {
        let server = try PostgresServerTrait.server()
        let workspace = WorkspaceID.fresh()
        try await withStoreConnection(server, holder: "poller") { first in
            try await withStoreConnection(server, holder: "other") { second in
                let a = PostgresOutboxQueue(connection: first, workspace: workspace)
                let b = PostgresOutboxQueue(connection: second, workspace: workspace)
                let batch = (0..<20).map { newMessage("w\($0)") }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        try await first.transaction("commit a window") { connection in
                            try await a.lockRecords(on: connection, batch)
                            for message in batch { _ = try await a.enqueue(on: connection, message, now: t0) }
                        }
                    }
                    group.addTask {
                        try await offPool { for message in batch.reversed() { _ = try b.enqueue(message, now: t0.addingTimeInterval(1)) } }
                    }
                    try await group.waitForAll()
                }
                #expect(try a.list().count == 20)
                #expect(try await postgresLog(a).map(\.seq) == Array(1...20))
            }
        }
    }

    @Test("a window that fails leaves nothing queued and nothing logged")
    func failedWindowLeavesNothing() async throws {
        let server = try PostgresServerTrait.server()
        try await withStoreConnection(server) { (connection: PostgresStoreConnection) async throws in
            let queue = PostgresOutboxQueue(connection: connection, workspace: .fresh())
            let batch = (0..<3).map { newMessage("f\($0)") }
            await #expect(throws: StoreError(.invalidState, "window abandoned")) {
                try await connection.transaction("commit a window") { transaction in
                    try await queue.lockRecords(on: transaction, batch)
                    for message in batch { _ = try await queue.enqueue(on: transaction, message, now: t0) }
                    throw StoreError(.invalidState, "window abandoned")
                }
            }
            #expect(try queue.list().isEmpty)
            #expect(try await postgresLog(queue).isEmpty)
        }
    }
}
