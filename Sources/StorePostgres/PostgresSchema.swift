/// The PostgreSQL schema's history, in order. Migrations only ever append: a shipped migration
/// is never edited, so every database ever created can be brought up to date on start.
///
/// Conventions: every table leads its keys with `workspace TEXT NOT NULL`; column names are
/// SQLite's (`FacteurDatabase+Migrations.swift`); times are `TEXT COLLATE "C"` in
/// `Timestamp.format`, so text order is time order whatever the database's collation.
public enum PostgresSchema {
    /// Every migration, in order (one file each: `PostgresSchema+<Concept>.swift`).
    public static let migrations: [PostgresMigration] = [
        outbox,
        workspaceTables,
    ]

    /// The advisory lock key the migrations run under (`pg_advisory_xact_lock`), so gateways that
    /// start together apply each migration once.
    static let migrationLock: Int64 = 0x6661_6374_6d69_67  // "factmig"
}
