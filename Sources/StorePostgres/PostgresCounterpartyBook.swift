public import FacteurCore
public import FoundationEssentials
import Logging
import PostgresNIO
public import Store

/// One workspace's known suppliers and customers on PostgreSQL (Pennylane mirror, FEC import,
/// learned from forwards), which matching reads — ``Store/CounterpartyDirectory`` on the shared
/// database.
///
/// Conforms to the synchronous façade (`CounterpartyBook`) through the connection's ``PostgresBridge``: each
/// operation runs as a task on the bridge's own threads while the caller's thread waits.
public struct PostgresCounterpartyBook: Sendable {
    /// The store's connection pool.
    public let connection: PostgresStoreConnection
    /// The workspace whose directory this is.
    public let workspace: WorkspaceID

    /// The directory of one workspace.
    public init(connection: PostgresStoreConnection, workspace: WorkspaceID) {
        self.connection = connection
        self.workspace = workspace
    }

    /// Adds or updates entries, in one transaction.
    /// - Returns: How many were written.
    @discardableResult
    func upsertAsync(_ entries: [Counterparty], now: Date) async throws(StoreError) -> Int {
        try await connection.transaction("store counterparties") { db in
            try await Self.upsert(db, workspace, entries, now: now, logger: connection.logger)
            return entries.count
        }
    }

    /// Adds or updates entries inside the caller's transaction (the window commit adds what it learned).
    static func upsert(_ db: PostgresConnection, _ workspace: WorkspaceID, _ entries: [Counterparty], now: Date,
                       logger: Logger) async throws {
        for entry in entries {
            try await db.query("""
                INSERT INTO counterparties (workspace, id, kind, name, siren, siret, vat_number, iban, source, updated_at)
                VALUES (\(workspace.rawValue), \(entry.id), \(entry.kind.rawValue), \(Text.clean(entry.name)), \(entry.siren), \(entry.siret),
                        \(entry.vatNumber), \(entry.iban), \(entry.source), \(Timestamp.format(now)))
                ON CONFLICT (workspace, id) DO UPDATE SET kind = excluded.kind, name = excluded.name, siren = excluded.siren,
                    siret = excluded.siret, vat_number = excluded.vat_number, iban = excluded.iban,
                    source = excluded.source, updated_at = excluded.updated_at
                """, logger: logger)
        }
    }

    /// Replaces every entry of a source and kind by these (a full mirror or a re-import), in one
    /// transaction: entries that disappeared from the source disappear here too; an entry of
    /// another source with the same ID is replaced, as SQLite's `INSERT OR REPLACE` does.
    /// - Returns: How many entries the source now has.
    @discardableResult
    func replaceAsync(source: String, kind: InvoiceKind, with entries: [Counterparty], now: Date) async throws(StoreError) -> Int {
        try await connection.transaction("replace the \(source) counterparties") { db in
            try await db.query("""
                DELETE FROM counterparties WHERE workspace = \(workspace.rawValue) AND source = \(source) AND kind = \(kind.rawValue)
                """, logger: connection.logger)
            try await Self.upsert(db, workspace, entries, now: now, logger: connection.logger)
            return entries.count
        }
    }

    /// Every entry of a kind, by ID.
    func allAsync(kind: InvoiceKind) async throws(StoreError) -> [Counterparty] {
        try await connection.read("read the counterparties", """
                SELECT * FROM counterparties WHERE workspace = \(workspace.rawValue) AND kind = \(kind.rawValue) ORDER BY id
                """) { rows in
            try rows.map { row in
                Counterparty(id: try row.column("id"), kind: InvoiceKind(rawValue: try row.column("kind")) ?? .supplier,
                             name: try row.column("name"), siren: try row.column("siren"), siret: try row.column("siret"),
                             vatNumber: try row.column("vat_number"), iban: try row.column("iban"), source: try row.column("source"))
            }
        }
    }

    /// How many entries each source holds.
    func countsAsync() async throws(StoreError) -> [String: Int] {
        try await connection.read("count the counterparties", """
                SELECT source, COUNT(*) AS n FROM counterparties WHERE workspace = \(workspace.rawValue) GROUP BY source
                """) { rows in
            var counts: [String: Int] = [:]
            for row in rows {
                counts[try row.column("source")] = try row.column("n")
            }
            return counts
        }
    }
}

extension PostgresCounterpartyBook: CounterpartyBook {
    /// Adds or updates entries; returns how many.
    @discardableResult
    public func upsert(_ entries: [Counterparty], now: Date) throws(StoreError) -> Int {
        try connection.bridge.wait { try await self.upsertAsync(entries, now: now) }
    }

    /// Replaces every entry of one source and kind; returns how many it now holds.
    @discardableResult
    public func replace(source: String, kind: InvoiceKind, with entries: [Counterparty], now: Date) throws(StoreError) -> Int {
        try connection.bridge.wait(timeout: PostgresBridge.longOperation) { try await self.replaceAsync(source: source, kind: kind, with: entries, now: now) }
    }

    /// Every entry of one kind.
    public func all(kind: InvoiceKind) throws(StoreError) -> [Counterparty] {
        try connection.bridge.wait { try await self.allAsync(kind: kind) }
    }

    /// How many entries each source holds.
    public func counts() throws(StoreError) -> [String: Int] {
        try connection.bridge.wait { try await self.countsAsync() }
    }
}
