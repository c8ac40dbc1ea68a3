import FacteurCore
import FacteurTesting
import Foundation
import Store
@testable import StorePostgres
import Testing

/// One poller per workspace across processes.
@Suite("PostgreSQL poll lock", .postgresServer, .processHeavy, .serialized)
struct PollLockTests {
    @Test("a second process is refused the workspace's poll lock while the first holds it, and gets it after release")
    func secondHolderIsRefusedUntilRelease() async throws {
        let server = try PostgresServerTrait.server()
        let workspace = WorkspaceID.fresh()
        try await withStoreConnection(server, holder: "process-a") { a in
            try await withStoreConnection(server, holder: "process-b", unixSocket: true) { b in
                let first = PostgresPollLock(connection: a, workspace: workspace)
                let second = PostgresPollLock(connection: b, workspace: workspace)
                let other = PostgresPollLock(connection: b, workspace: .fresh())
                // While process A polls, B is refused this workspace but may poll another one
                let ranInside = try await first.withLock { (holding: PostgresPollLock.Holding) async throws -> Bool in
                    #expect(await holding.isHeld())
                    let refused = try await second.withLock { _ in true }
                    #expect(refused == nil)
                    let elsewhere = try await other.withLock { _ in true }
                    #expect(elsewhere == true)
                    return true
                }
                #expect(ranInside == true)
                // Released on return: B gets it now, and A is refused while B holds it
                let swapped = try await second.withLock { _ in try await first.withLock { _ in true } == nil }
                #expect(swapped == true)
                // Released when the poller throws, too
                struct PollerFailed: Error {}
                await #expect(throws: PollerFailed.self) {
                    _ = try await first.withLock { _ async throws -> Bool in throw PollerFailed() }
                }
                let afterFailure = try await second.withLock { _ in true }
                #expect(afterFailure == true)
            }
        }
    }

    @Test("after a PostgreSQL restart the poller learns it lost the lock, and another process can take it")
    func restartLosesTheLock() async throws {
        let server = try PostgresServerTrait.server()
        let workspace = WorkspaceID.fresh()
        try await withStoreConnection(server, holder: "process-a") { a in
            try await withStoreConnection(server, holder: "process-b") { b in
                let first = PostgresPollLock(connection: a, workspace: workspace)
                let second = PostgresPollLock(connection: b, workspace: workspace)
                let noticed = try await first.withLock { (holding: PostgresPollLock.Holding) async throws -> Bool in
                    #expect(await holding.isHeld())
                    try await server.restart()
                    return await !holding.isHeld()
                }
                #expect(noticed == true)
                let taken = try await second.withLock { _ in true }
                #expect(taken == true)
            }
        }
    }
}
