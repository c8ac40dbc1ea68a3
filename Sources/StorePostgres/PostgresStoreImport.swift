public import FacteurCore
import Foundation
import Logging
import PostgresNIO
public import Store

/// Copies one workspace's SQLite database into the PostgreSQL store (`facteur store copy`), whole
/// and in ONE transaction: every row of every table — the outbox with its ids, the mail log with
/// its seq, hashes and seals unchanged, secrets still encrypted — with `workspace` set, so the
/// copy serves on as if it had always been there and its chain verifies.
///
/// Secrets are copied as ciphertext: every gateway process on the PostgreSQL store must read the
/// SAME master key file as the SQLite one did (`master_key_file`), else neither the secrets open
/// nor the mail log's seals verify.
///
/// It refuses, writing nothing, when the workspace already holds any row in PostgreSQL, and when
/// the two schemas disagree on a table or a column (one side newer than the other): a column is
/// never silently dropped. The SQLite database is only read.
public struct PostgresStoreImport: Sendable {
    /// Rows of a table that are not copied: those whose `column` holds one of `values` (the
    /// gateway's own rows in `data_dir`'s database, which stay there).
    public struct Exclusion: Sendable {
        /// The table.
        public let table: String
        /// The text column compared.
        public let column: String
        /// The values whose rows stay behind.
        public let values: Set<String>

        /// Leaves the rows of `table` whose `column` is one of `values` out of the copy.
        public init(table: String, column: String, values: Set<String>) {
            self.table = table
            self.column = column
            self.values = values
        }
    }

    /// What a copy wrote.
    public struct Outcome: Sendable, Equatable {
        /// Rows written per table (tables with none included, at 0).
        public let rows: [String: Int]
        /// Outbox messages copied.
        public var messages: Int { rows["outbox"] ?? 0 }
        /// Mail-log rows copied.
        public var logRows: Int { rows["mail_log"] ?? 0 }
    }

    /// The PostgreSQL store.
    public let connection: PostgresStoreConnection
    /// The workspace the rows are copied as.
    public let workspace: WorkspaceID
    /// How long the whole copy may take (it is one transaction).
    public let timeout: Duration

    /// A copy into `workspace` on `connection`.
    public init(connection: PostgresStoreConnection, workspace: WorkspaceID, timeout: Duration = .seconds(3600)) {
        self.connection = connection
        self.workspace = workspace
        self.timeout = timeout
    }

    /// Copies `database` (read in one snapshot) into the workspace, in one transaction.
    /// - Parameters:
    ///   - database: The workspace's SQLite database (only read).
    ///   - exclusions: Rows left behind (the gateway's own).
    /// - Returns: The rows written per table.
    /// - Throws: ``StoreError`` `.invalidState` when the workspace already has rows in PostgreSQL
    ///   or the schemas differ; `.database` for SQLite or PostgreSQL failures. Nothing is written then.
    public func copy(from database: FacteurDatabase, excluding exclusions: [Exclusion] = []) throws(StoreError) -> Outcome {
        let tables = try database.exportTables()
        return try connection.bridge.wait(timeout: timeout) { try await self.copyAsync(tables, excluding: exclusions) }
    }

    /// The rows the workspace holds in PostgreSQL, per table (for checking a copy).
    /// - Throws: ``StoreError`` `.database`.
    public func rowCounts() throws(StoreError) -> [String: Int] {
        try connection.bridge.wait(timeout: timeout) {
            try await self.connection.transaction("count the workspace's rows") { db in
                var counts: [String: Int] = [:]
                for table in try await PostgresImportSchema.read(db, logger: self.connection.logger).keys {
                    let rows = try await db.allRows(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table) WHERE workspace = $1",
                                                                  binds: Self.binds(self.workspace.rawValue)),
                                                    logger: self.connection.logger)
                    counts[table] = Int(try rows.first?[0].decode(Int64.self) ?? 0)
                }
                return counts
            }
        }
    }

    /// Verifies the workspace's mail log on PostgreSQL, with as long as the copy had (a copied log
    /// may be years of rows: the façade's operation timeout is for single operations).
    /// - Parameter masterKey: The master key the SQLite database sealed its rows under.
    /// - Throws: ``StoreError`` `.database`.
    public func verifyMailLog(masterKey: MasterKey) throws(StoreError) -> MailLogVerification {
        let log = PostgresMailLogArchive(connection: connection, workspace: workspace,
                                         sealKey: PostgresWorkspaceStore(connection: connection, workspace: workspace, masterKey: masterKey).sealKey)
        return try connection.bridge.wait(timeout: timeout) { try await log.verifyAsync() }
    }

    /// ``copy(from:excluding:)``'s PostgreSQL part.
    func copyAsync(_ tables: [StoredTable], excluding exclusions: [Exclusion]) async throws(StoreError) -> Outcome {
        let logger = connection.logger, space = workspace.rawValue
        return try await connection.transaction("copy workspace \(space) into PostgreSQL") { db in
            // The log's lock first: no append of this workspace can interleave, nor a second copy.
            try await db.query("SELECT pg_advisory_xact_lock(hashtextextended(\(PostgresMailLogAppend(workspace: workspace, sealKey: nil).lockKey), 0))",
                               logger: logger)
            let schema = try await PostgresImportSchema.read(db, logger: logger)
            try PostgresImportSchema.compare(postgres: schema, sqlite: tables)
            for table in schema.keys.sorted() {
                let rows = try await db.allRows(PostgresQuery(unsafeSQL: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE workspace = $1)",
                                                              binds: Self.binds(space)), logger: logger)
                if try rows.first?[0].decode(Bool.self) == true {
                    throw StoreError(.invalidState, "workspace \(space) already has rows in the PostgreSQL store (table \(table)); "
                                     + "nothing was copied (a store is copied once, into a workspace PostgreSQL does not hold yet)")
                }
            }
            var written: [String: Int] = [:]
            // Referenced rows first (the outbox before what names its ids; FKs are within the outbox only).
            for table in tables.sorted(by: { ($0.name == "outbox" ? 0 : 1, $0.name) < ($1.name == "outbox" ? 0 : 1, $1.name) }) {
                let rows = Self.rowsToCopy(table, excluding: exclusions)
                try await PostgresImportSchema.insert(rows, of: table, types: schema[table.name] ?? [:], workspace: space, db, logger: logger)
                written[table.name] = rows.count
            }
            try await PostgresImportSchema.advanceIdentities(schema, db, logger: logger)
            return Outcome(rows: written)
        }
    }

    /// A table's rows that are copied: all but the excluded ones, and but a sealing marker saying
    /// "sealed from row 1" — PostgreSQL reads no marker as that (``PostgresMailLogArchive``), and
    /// keeps one only for a log with rows from before sealing.
    static func rowsToCopy(_ table: StoredTable, excluding exclusions: [Exclusion]) -> [[StoredValue]] {
        var rows = table.rows
        for exclusion in exclusions where exclusion.table == table.name {
            guard let index = table.columns.firstIndex(of: exclusion.column) else { continue }
            rows.removeAll { row in
                if case .text(let value) = row[index] { return exclusion.values.contains(value) }
                return false
            }
        }
        if table.name == "mail_log_sealing", let index = table.columns.firstIndex(of: "sealed_from") {
            rows.removeAll { $0[index] == .integer(1) }
        }
        return rows
    }

    /// Bindings of one text value.
    static func binds(_ text: String) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(text)
        return binds
    }
}
