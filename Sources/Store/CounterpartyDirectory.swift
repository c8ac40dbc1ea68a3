public import FacteurCore
public import FoundationEssentials
import GRDB

/// The known counterparties (suppliers and customers) with their identifiers and where each came
/// from: the Pennylane mirror (`pennylane`), an imported FEC (`fec`), or Facteur's own forwards
/// (`learned`).
public struct CounterpartyDirectory: Sendable {
    /// The database.
    public let database: FacteurDatabase

    /// Creates a view.
    public init(database: FacteurDatabase) {
        self.database = database
    }

    /// Inserts or replaces entries, in one transaction.
    /// - Returns: How many were written.
    @discardableResult
    public func upsert(_ entries: [Counterparty], now: Date) throws(StoreError) -> Int {
        try database.write { db in
            try Self.upsert(db, entries, now: now)
            return entries.count
        }
    }

    /// Adds or updates entries inside the caller's write transaction.
    static func upsert(_ db: Database, _ entries: [Counterparty], now: Date) throws {
        for entry in entries {
            try db.execute(sql: """
                INSERT INTO counterparties (id, kind, name, siren, siret, vat_number, iban, source, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, siren = excluded.siren,
                    siret = excluded.siret, vat_number = excluded.vat_number, iban = excluded.iban,
                    source = excluded.source, updated_at = excluded.updated_at
                """, arguments: [entry.id, entry.kind.rawValue, entry.name, entry.siren, entry.siret, entry.vatNumber,
                                 entry.iban, entry.source, Timestamp.format(now)])
        }
    }

    /// Replaces every entry of a source and kind by these (a full mirror or a re-import), in one
    /// transaction: entries that disappeared from the source disappear here too.
    /// - Returns: How many entries the source now has.
    @discardableResult
    public func replace(source: String, kind: InvoiceKind, with entries: [Counterparty], now: Date) throws(StoreError) -> Int {
        try database.write { db in
            try db.execute(sql: "DELETE FROM counterparties WHERE source = ? AND kind = ?", arguments: [source, kind.rawValue])
            for entry in entries {
                try db.execute(sql: """
                    INSERT OR REPLACE INTO counterparties (id, kind, name, siren, siret, vat_number, iban, source, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [entry.id, entry.kind.rawValue, entry.name, entry.siren, entry.siret, entry.vatNumber,
                                     entry.iban, entry.source, Timestamp.format(now)])
            }
            return entries.count
        }
    }

    /// Every entry of a kind.
    public func all(kind: InvoiceKind) throws(StoreError) -> [Counterparty] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM counterparties WHERE kind = ? ORDER BY id", arguments: [kind.rawValue])
                .map(Self.counterparty(from:))
        }
    }

    /// Entries by source, counted.
    public func counts() throws(StoreError) -> [String: Int] {
        try database.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT source, COUNT(*) AS n FROM counterparties GROUP BY source") {
                counts[row["source"]] = row["n"]
            }
            return counts
        }
    }

    static func counterparty(from row: Row) -> Counterparty {
        Counterparty(id: row["id"], kind: InvoiceKind(rawValue: row["kind"]) ?? .supplier, name: row["name"],
                     siren: row["siren"], siret: row["siret"], vatNumber: row["vat_number"], iban: row["iban"],
                     source: row["source"])
    }
}
