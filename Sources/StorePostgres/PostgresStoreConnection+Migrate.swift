public import FoundationEssentials
import FacteurCore
import PostgresNIO
public import Store

extension PostgresStoreConnection {
    /// Applies the migrations the database lacks (``PostgresSchema/migrations``), all in one
    /// transaction under an advisory lock: gateways starting together wait for each other, and
    /// each migration runs once. Safe to call on every start.
    /// - Parameter now: Recorded as each migration's `applied_at`.
    /// - Returns: The numbers of the migrations applied now (empty when the schema was current).
    /// - Throws: ``StoreError`` `.database`, or `.invalidState` when the database has migrations
    ///   this Facteur does not know (a newer version wrote it).
    @discardableResult
    public func migrate(now: Date = Date(), migrations: [PostgresMigration] = PostgresSchema.migrations)
        async throws(StoreError) -> [Int] {
        try await transaction("apply the schema migrations") { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLock))", logger: logger)
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS facteur_migrations (
                    number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)
                """, logger: logger)
            var applied = Set<Int>()
            for try await number in try await connection.query("SELECT number FROM facteur_migrations", logger: logger)
                .decode(Int.self) {
                applied.insert(number)
            }
            let known = Set(migrations.map(\.number))
            if let unknown = applied.subtracting(known).max() {
                throw StoreError(.invalidState, "the PostgreSQL store has migration \(unknown), which this Facteur does not know "
                    + "(a newer version wrote it); upgrade Facteur")
            }
            var done: [Int] = []
            for migration in migrations.sorted(by: { $0.number < $1.number }) where !applied.contains(migration.number) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("""
                    INSERT INTO facteur_migrations (number, name, applied_at)
                    VALUES (\(migration.number), \(migration.name), \(Timestamp.format(now)))
                    """, logger: logger)
                done.append(migration.number)
            }
            return done
        }
    }
}

extension PostgresStoreConnection {
    /// The numbers of the migrations the database has, in order (empty for a new database).
    public func appliedMigrations() async throws(StoreError) -> [Int] {
        try await transaction("read the applied migrations") { connection in
            let exists = try await connection.query("SELECT to_regclass('facteur_migrations') IS NOT NULL", logger: logger)
                .collect().first?.decode(Bool.self) ?? false
            guard exists else { return [] }
            var numbers: [Int] = []
            for try await number in try await connection.query(
                "SELECT number FROM facteur_migrations ORDER BY number", logger: logger).decode(Int.self) {
                numbers.append(number)
            }
            return numbers
        }
    }
}
