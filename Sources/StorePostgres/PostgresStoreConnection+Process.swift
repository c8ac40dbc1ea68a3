public import FacteurCore
public import Store
import PostgresNIO
import Dispatch
public import FoundationEssentials

extension PostgresStoreConnection {
    /// Makes the store usable by this process's synchronous callers (every command, and
    /// `facteur run`): starts the pool in the background for the life of the process, on the
    /// bridge's executor (``run()``), then applies the migrations the database lacks
    /// (``migrate(now:migrations:)``, once across processes starting together).
    /// - Important: Call once per connection object.
    /// - Throws: ``StoreError`` when PostgreSQL cannot be reached within the operation timeout, or
    ///   its schema is newer than this Facteur.
    public func startForProcess() throws(StoreError) {
        Task.detached { await self.run() }
        _ = running.wait(timeout: .now() + .seconds(5))
        _ = try bridge.wait(timeout: PostgresBridge.longOperation) { try await self.migrate() }
        let server = try bridge.wait {
            try await self.rows("read the server's clock", "SELECT extract(epoch FROM clock_timestamp())::float8")
                .first?.decode(Double.self) ?? 0
        }
        try Self.checkClock(local: Date(), server: Date(timeIntervalSince1970: server))
    }

    /// The most this machine's clock may differ from PostgreSQL's. Leases and due times are
    /// written by one process's clock and read against another's: a gateway whose clock runs 40 s
    /// ahead would take over live attempts (a 60 s lease renewed every 20 s) and send them again.
    public static let clockTolerance: TimeInterval = 5

    /// Refuses a machine whose clock is more than ``clockTolerance`` away from the server's.
    /// - Throws: ``StoreError`` `.invalidState`, saying by how much and what to do.
    public static func checkClock(local: Date, server: Date) throws(StoreError) {
        let difference = local.timeIntervalSince(server)
        guard abs(difference) > clockTolerance else { return }
        throw StoreError(.invalidState, "this machine's clock is \(Int(abs(difference).rounded())) s "
                         + (difference > 0 ? "ahead of" : "behind") + " PostgreSQL's; gateways sharing one store must agree "
                         + "within \(Int(clockTolerance)) s (outbox leases and due times are compared across machines): "
                         + "synchronise the clocks (NTP, chrony) and start again")
    }

    /// Whether a workspace ever recorded a message or a mail-log row (for the workspace `default`:
    /// whether it holds a company's history, as SQLite's `holdsHistory` answers).
    /// - Throws: ``StoreError``.
    public func holdsHistory(_ workspace: WorkspaceID) throws(StoreError) -> Bool {
        try bridge.wait {
            let rows = try await self.rows("read whether \(workspace) holds history", """
                SELECT EXISTS (SELECT 1 FROM outbox WHERE workspace = \(workspace.rawValue))
                    OR EXISTS (SELECT 1 FROM mail_log WHERE workspace = \(workspace.rawValue))
                """)
            return try rows.first?.decode(Bool.self) ?? false
        }
    }
}
