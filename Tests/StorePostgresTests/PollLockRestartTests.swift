import FacteurCore
import FacteurTesting
import Foundation
import Store
@testable import StorePostgres
import Testing

/// The poll-lock session across a PostgreSQL restart, on a server of its own (the test restarts it).
@Suite("PostgreSQL poll lock across a restart", .processHeavy)
struct PollLockRestartTests {
    @Test("after a restart the lost locks are free to others, a new lock can be taken, and releasing a lost one frees nothing")
    func restartDropsLocksAndReconnects() async throws {
        try await withPostgresTestServer { server in
            try await withStoreConnection(server) { a in
                try await withStoreConnection(server) { b in
                    let polled = WorkspaceID.fresh()
                    let first = PostgresWorkspaceStore(connection: a, workspace: polled, masterKey: nil)
                    let second = PostgresWorkspaceStore(connection: b, workspace: polled, masterKey: nil)
                    var lost: (any WorkspaceWorkLock)? = try await offPool { try first.lock(for: .polling) }
                    try await server.restart()
                    // The restart ended A's session and its locks: B may poll the workspace now.
                    let taken = try await offPool { try second.lock(for: .polling) }
                    // A connects anew on its next request.
                    let fresh = PostgresWorkspaceStore(connection: a, workspace: .fresh(), masterKey: nil)
                    let renewed = try await offPool { try fresh.lock(for: .polling) }
                    // Dropping the lock A lost does not release B's (taken on another session).
                    withExtendedLifetime(lost) {}
                    lost = nil
                    try await Task.sleep(for: .milliseconds(200))
                    let refused = await #expect(throws: StoreError.self) { _ = try await offPool { try first.lock(for: .polling) } }
                    #expect(refused?.code == .locked)
                    #expect(refused?.message.contains("another gateway process") == true)
                    withExtendedLifetime((taken, renewed)) {}
                }
            }
        }
    }
}
