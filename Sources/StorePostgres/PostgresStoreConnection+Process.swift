public import FacteurCore
public import Store
import PostgresNIO

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
        _ = try bridge.wait { try await self.migrate() }
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
