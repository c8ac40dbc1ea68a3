import FacteurCore
import FacteurTesting
import Foundation
import PostgresNIO
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

/// A window's commit by a poller that lost its poll lock, on a server of its own.
@Suite("PostgreSQL window commit after a lost poll lock", .processHeavy)
struct LostPollLockCommitTests {
    @Test("a poller whose lock's session was cut commits no window; one that holds its lock commits")
    func aLostLockRefusesTheWindow() async throws {
        try await withPostgresTestServer { server in
            try await withStoreConnection(server) { a in
                let workspace = WorkspaceID.fresh()
                let store = PostgresWorkspaceStore(connection: a, workspace: workspace, masterKey: nil)
                let now = Date(timeIntervalSince1970: 1_795_612_921)
                try await offPool {
                    let lock = try store.lock(for: .polling)
                    // While the lock is held, a window commits.
                    _ = try store.records.commitWindow(forwarded: [(newMessage("r1"), qontoRecord("r1"))], held: [],
                                                       marker: (key: "qonto.marker", value: "2026-11-01T10:00:00Z"),
                                                       retried: [], learned: [], now: now)
                    withExtendedLifetime(lock) {}
                    _ = lock
                }
                // The lock's session is cut (as a PostgreSQL restart or a network cut would do).
                let held = try await offPool { try store.lock(for: .polling) }
                _ = try await a.rows("cut the poll-lock session", """
                    SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted
                      AND ((classid::bigint << 32) | objid::bigint) = hashtextextended('facteur poll ' || \(workspace.rawValue), 0)
                    """)
                let refused = await #expect(throws: StoreError.self) {
                    try await offPool {
                        _ = try store.records.commitWindow(forwarded: [(newMessage("r2"), qontoRecord("r2"))], held: [],
                                                           marker: (key: "qonto.marker", value: "2026-11-02T10:00:00Z"),
                                                           retried: [], learned: [], now: now.addingTimeInterval(60))
                    }
                }
                #expect(refused?.code == .locked)
                #expect(refused?.message.contains("lost the poll lock") == true)
                // Nothing of that window is visible; the marker stands where the last good window left it.
                let (marker, queued) = try await offPool {
                    (try store.settings.value("qonto.marker"), try store.outbox.list(state: nil, limit: nil).map(\.recordID))
                }
                #expect(marker == "2026-11-01T10:00:00Z")
                #expect(queued == ["r1"])
                withExtendedLifetime(held) {}
            }
        }
    }
}
