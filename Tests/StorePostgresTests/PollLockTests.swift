import FacteurCore
import FacteurTesting
import Foundation
import Store
@testable import StorePostgres
import Testing

/// One poller per workspace across processes (`PostgresWorkspaceStore.lock(for: .polling)`), held by
/// each process's poll-lock session rather than by pooled connections.
@Suite("PostgreSQL poll lock", .postgresServer, .processHeavy)
struct PollLockTests {
    @Test("a second process is refused the workspace's poll lock while the first holds it, and gets it once released")
    func secondProcessIsRefusedUntilRelease() async throws {
        let server = try PostgresServerTrait.server()
        try await withStoreConnection(server) { a in
            try await withStoreConnection(server, unixSocket: true) { b in
                let workspace = WorkspaceID.fresh()
                let first = PostgresWorkspaceStore(connection: a, workspace: workspace, masterKey: nil)
                let second = PostgresWorkspaceStore(connection: b, workspace: workspace, masterKey: nil)
                let elsewhere = PostgresWorkspaceStore(connection: b, workspace: .fresh(), masterKey: nil)
                try await offPool {
                    // Serving and delivering need no lock (leases): both processes get one at once.
                    for work in [WorkspaceWork.serving, .delivering] {
                        let one = try first.lock(for: work), two = try second.lock(for: work)
                        #expect(one is NoWorkspaceWorkLock && two is NoWorkspaceWorkLock)
                    }
                    var held: (any WorkspaceWorkLock)? = try first.lock(for: .polling)
                    let refused = #expect(throws: StoreError.self) { _ = try second.lock(for: .polling) }
                    #expect(refused?.code == .locked)
                    #expect(refused?.message.contains("another gateway process polls workspace \(workspace) now") == true)
                    // A second poller in the same process is refused too (as SQLite's flock does).
                    let again = #expect(throws: StoreError.self) { _ = try first.lock(for: .polling) }
                    #expect(again?.code == .locked)
                    // Another workspace is free.
                    withExtendedLifetime(try elsewhere.lock(for: .polling)) {}
                    withExtendedLifetime(held) {}
                    held = nil
                    // Released when the last reference goes (the unlock follows on the session's thread).
                    let taken = try eventually { try second.lock(for: .polling) }
                    let swapped = #expect(throws: StoreError.self) { _ = try first.lock(for: .polling) }
                    #expect(swapped?.code == .locked)
                    withExtendedLifetime(taken) {}
                }
            }
        }
    }

    @Test("fifty workspaces' poll locks held at once with a pool of two connections, while store calls complete")
    func manyPollLocksLeaveThePoolFree() async throws {
        let server = try PostgresServerTrait.server()
        try await withStoreConnection(server, maximumConnections: 2) { connection in
            try await withStoreConnection(server) { other in
                let stores = (0..<50).map { _ in PostgresWorkspaceStore(connection: connection, workspace: .fresh(), masterKey: nil) }
                let stuck = StuckAlarm("store calls while 50 poll locks are held", seconds: 60)
                defer { stuck.cancel() }
                let locks = try await offPool { try stores.map { try $0.lock(for: .polling) } }
                // Each poll's own store calls, all at once, from threads of their own.
                let counted = try await withThrowingTaskGroup(of: Int.self) { group in
                    for store in stores {
                        group.addTask {
                            try await offPool {
                                _ = try store.credentialsFingerprint()
                                return try store.outbox.counts().values.reduce(0, +)
                            }
                        }
                    }
                    var counted = 0
                    for try await _ in group { counted += 1 }
                    return counted
                }
                #expect(counted == 50)
                // Every one is held: another process is refused each.
                let refused = await offPool {
                    stores.filter { store in
                        let foreign = PostgresWorkspaceStore(connection: other, workspace: store.workspace, masterKey: nil)
                        do {
                            let lock = try foreign.lock(for: .polling)
                            withExtendedLifetime(lock) {}
                            return false
                        } catch {
                            return (error as? StoreError)?.code == .locked
                        }
                    }.count
                }
                #expect(refused == 50)
                withExtendedLifetime(locks) {}
            }
        }
    }
}

/// Retries `body` while it throws `.locked`, for up to 5 s (a lock released by a deinit is given
/// back on the session's thread a moment later).
func eventually<T>(_ body: () throws -> T) throws -> T {
    let deadline = Date().addingTimeInterval(5)
    while true {
        do {
            return try body()
        } catch let error as StoreError where error.code == .locked && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
    }
}
