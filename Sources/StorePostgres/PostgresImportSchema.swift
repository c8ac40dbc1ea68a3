import Foundation
import Logging
import PostgresNIO
import Store

/// The PostgreSQL side of a copy from SQLite (``PostgresStoreImport``): the schema's tables and
/// column types, their comparison with SQLite's, the inserts and the identity sequences.
enum PostgresImportSchema {
    /// Columns only PostgreSQL has, by table: the outbox's lease (a SQLite message is never leased).
    static let postgresOnly: [String: Set<String>] = ["outbox": ["lease_holder", "lease_until"]]
    /// Tables that are the schema's own bookkeeping, not a workspace's.
    static let bookkeeping: Set<String> = ["facteur_migrations"]
    /// How many values one INSERT statement binds at most (PostgreSQL allows 65 535).
    static let bindsPerStatement = 30_000

    /// Every workspace table of the schema: column name → data type (`information_schema`'s
    /// `data_type`: `text`, `bigint`, `boolean`, …), without `workspace`.
    static func read(_ db: PostgresConnection, logger: Logger) async throws -> [String: [String: String]] {
        var tables: [String: [String: String]] = [:]
        let rows = try await db.query("""
            SELECT table_name::text, column_name::text, data_type::text FROM information_schema.columns
            WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position
            """, logger: logger)
        for try await (table, column, type) in rows.decode((String, String, String).self) where !bookkeeping.contains(table) {
            if column != "workspace" { tables[table, default: [:]][column] = type }
        }
        return tables
    }

    /// Refuses a copy between schemas that differ: a table or a column on one side only (besides
    /// ``postgresOnly``) means one Facteur is newer than the other, and a copy would drop data.
    /// - Throws: ``StoreError`` `.invalidState` naming the first difference.
    static func compare(postgres: [String: [String: String]], sqlite: [StoredTable]) throws(StoreError) {
        let remedy = "the SQLite and PostgreSQL schemas differ (run this copy with the Facteur version that last opened both); nothing was copied"
        let sqliteNames = Set(sqlite.map(\.name))
        if let table = sqliteNames.subtracting(postgres.keys).sorted().first {
            throw StoreError(.invalidState, "table \(table) is in the SQLite database but not in PostgreSQL: \(remedy)")
        }
        if let table = Set(postgres.keys).subtracting(sqliteNames).sorted().first {
            throw StoreError(.invalidState, "table \(table) is in PostgreSQL but not in the SQLite database: \(remedy)")
        }
        for table in sqlite {
            let columns = Set(postgres[table.name]?.keys.map { $0 } ?? []).subtracting(postgresOnly[table.name] ?? [])
            if let column = Set(table.columns).subtracting(columns).sorted().first {
                throw StoreError(.invalidState, "column \(table.name).\(column) is in the SQLite database but not in PostgreSQL: \(remedy)")
            }
            if let column = columns.subtracting(table.columns).sorted().first {
                throw StoreError(.invalidState, "column \(table.name).\(column) is in PostgreSQL but not in the SQLite database: \(remedy)")
            }
        }
    }

    /// Inserts rows of a SQLite table, `workspace` set, a few thousand values per statement.
    static func insert(_ rows: [[StoredValue]], of table: StoredTable, types: [String: String], workspace: String,
                       _ db: PostgresConnection, logger: Logger) async throws {
        guard !rows.isEmpty else { return }
        let names = (["workspace"] + table.columns).map(quoted).joined(separator: ", ")
        let perStatement = max(1, bindsPerStatement / (table.columns.count + 1))
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(start + perStatement, rows.count)]
            var binds = PostgresBindings(capacity: chunk.count * (table.columns.count + 1))
            var tuples: [String] = []
            for row in chunk {
                var placeholders: [String] = []
                binds.append(workspace)
                placeholders.append("$\(binds.count)")
                for (index, value) in row.enumerated() {
                    let column = table.columns[index]
                    try bind(value, as: types[column] ?? "", into: &binds, at: "\(table.name).\(column)")
                    placeholders.append("$\(binds.count)")
                }
                tuples.append("(\(placeholders.joined(separator: ", ")))")
            }
            let result = try await db.query(PostgresQuery(unsafeSQL: """
                INSERT INTO \(quoted(table.name)) (\(names)) VALUES \(tuples.joined(separator: ", ")) RETURNING 1
                """, binds: binds), logger: logger).collect()
            // A rule or trigger added outside Facteur could make rows vanish: the count must hold.
            guard result.count == chunk.count else {
                throw StoreError(.database, "PostgreSQL stored \(result.count) of \(chunk.count) rows of \(table.name); nothing was copied")
            }
            start += chunk.count
        }
    }

    /// Binds one SQLite value as the PostgreSQL column's type: an integer flag as a boolean, an
    /// integer in a REAL column as a double; anything else that does not fit is an error, never a
    /// silent conversion.
    static func bind(_ value: StoredValue, as type: String, into binds: inout PostgresBindings, at column: String) throws(StoreError) {
        switch (value, type) {
        case (.null, _): binds.appendNull()
        case (.integer(let integer), "bigint"): binds.append(integer)
        case (.integer(let integer), "integer") where Int32(exactly: integer) != nil: binds.append(Int32(integer))
        case (.integer(let integer), "boolean") where integer == 0 || integer == 1: binds.append(integer == 1)
        case (.integer(let integer), "double precision"): binds.append(Double(integer))
        case (.real(let real), "double precision"): binds.append(real)
        case (.text(let text), "text"): binds.append(text)
        case (.blob(let data), "bytea"): binds.append(ByteBuffer(bytes: data))
        default:
            throw StoreError(.invalidState, "column \(column) holds \(describe(value)) in the SQLite database, which PostgreSQL's "
                             + "\(type.isEmpty ? "schema" : type) column cannot take unchanged; nothing was copied")
        }
    }

    /// Moves every identity sequence past the largest id stored, so new rows never take a copied id.
    static func advanceIdentities(_ schema: [String: [String: String]], _ db: PostgresConnection, logger: Logger) async throws {
        let identities = try await db.query("""
            SELECT table_name::text, column_name::text FROM information_schema.columns
            WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name
            """, logger: logger)
        var pairs: [(String, String)] = []
        for try await pair in identities.decode((String, String).self) where schema[pair.0] != nil { pairs.append(pair) }
        for (table, column) in pairs {
            // nextval costs one id (a gap); setval never moves a sequence back under another workspace's ids.
            try await db.query(PostgresQuery(unsafeSQL: """
                SELECT setval(s, GREATEST(m, nextval(s))) FROM (SELECT pg_get_serial_sequence('\(quoted(table))', '\(column)') AS s,
                    (SELECT max(\(quoted(column))) FROM \(quoted(table))) AS m) AS bump
                """), logger: logger)
        }
    }

    /// An identifier in double quotes.
    static func quoted(_ name: String) -> String { "\"\(name.replacingOccurrences(of: "\"", with: "\"\""))\"" }

    /// A value's kind, for an error (never the value itself: it may be a secret).
    private static func describe(_ value: StoredValue) -> String {
        switch value {
        case .null: "NULL"
        case .integer: "an integer"
        case .real: "a real number"
        case .text: "text"
        case .blob: "a blob"
        }
    }
}
