import FacteurCore
import FacteurTesting
import Foundation
import PostgresNIO
import Store
@testable import StorePostgres
import Testing

/// A façade call waits for PostgreSQL at most the connection's operation timeout, and what it
/// abandons is rolled back.
@Suite("PostgreSQL operation timeout", .postgresServer, .processHeavy)
struct OperationTimeoutTests {
    @Test("a call while the server is down fails after the timeout, not 60 s, and calls work again once it is back")
    func serverDown() async throws {
        try await withPostgresTestServer { server in
            try await withStoreConnection(server, operationTimeout: .seconds(2)) { connection in
                let queue = PostgresOutboxQueue(connection: connection, workspace: .fresh())
                _ = try await offPool { try queue.enqueue(newMessage("m"), now: Date()) }
                await server.stop()
                let start = Date()
                let error = await #expect(throws: StoreError.self) { _ = try await offPool { try queue.counts() } }
                let elapsed = Date().timeIntervalSince(start)
                #expect(elapsed >= 1.9 && elapsed < 8, "took \(elapsed) s")
                #expect(error?.code == .database)
                #expect(error?.message.contains("PostgreSQL did not answer within 2 s") == true, "\(String(describing: error))")
                try await server.start()
                let back = await eventually(seconds: 40, every: .milliseconds(500)) {
                    (try? await offPool { try queue.counts() }) == [.queued: 1]
                }
                #expect(back)
            }
        }
    }

    @Test("a transaction abandoned at the timeout, its row written and a lock awaited, leaves nothing behind")
    func abandonedTransactionRollsBack() async throws {
        let server = try PostgresServerTrait.server()
        try await withStoreConnection(server, operationTimeout: .seconds(1)) { connection in
            let queue = PostgresOutboxQueue(connection: connection, workspace: .fresh())
            try await withStoreConnection(server) { other in
                // Another session holds the workspace's log lock: the enqueue inserts its outbox row,
                // then waits for that lock to append to the log.
                try await other.client.withConnection { session in
                    try await session.query("SELECT pg_advisory_lock(hashtextextended(\(queue.log.lockKey), 0))",
                                            logger: other.logger)
                    let start = Date()
                    let error = await #expect(throws: StoreError.self) {
                        _ = try await offPool { try queue.enqueue(newMessage("half"), now: Date()) }
                    }
                    #expect(Date().timeIntervalSince(start) < 4)
                    #expect(error?.message.contains("did not answer within 1 s") == true, "\(String(describing: error))")
                    try await session.query("SELECT pg_advisory_unlock(hashtextextended(\(queue.log.lockKey), 0))",
                                            logger: other.logger)
                }
            }
            #expect(try await offPool { try queue.list() }.isEmpty)
            #expect(try await postgresLog(queue).isEmpty)
            // The store is usable again on the same pool.
            let later = try await offPool { try queue.enqueue(newMessage("whole"), now: Date()) }
            #expect(later.message.state == .queued)
            #expect(try await postgresLog(queue).map(\.seq) == [1])
        }
    }
}
