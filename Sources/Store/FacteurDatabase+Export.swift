package import Foundation
import GRDB

/// One value as SQLite stored it (its storage class), for copying a database to another engine.
package enum StoredValue: Sendable, Equatable {
    /// NULL.
    case null
    /// An INTEGER.
    case integer(Int64)
    /// A REAL.
    case real(Double)
    /// TEXT.
    case text(String)
    /// A BLOB.
    case blob(Data)
}

/// One table of a database, whole: its columns in declaration order and every row (in rowid order).
package struct StoredTable: Sendable {
    /// The table's name.
    package let name: String
    /// Its columns, in declaration order.
    package let columns: [String]
    /// Its rows, each with one value per column.
    package let rows: [[StoredValue]]
}

extension FacteurDatabase {
    /// Every table of the database but SQLite's and GRDB's own, read in ONE read transaction (one
    /// snapshot): what `facteur store copy` moves to PostgreSQL. Nothing is written.
    /// - Returns: The tables by name.
    /// - Throws: ``StoreError`` `.database`.
    package func exportTables() throws(StoreError) -> [StoredTable] {
        do {
            return try queue.read { db in
                let names = try String.fetchAll(db, sql: """
                    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'
                    ORDER BY name
                    """)
                return try names.map { name in
                    let columns = try db.columns(in: name).map(\.name)
                    let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(name.quotedDatabaseIdentifier) ORDER BY rowid").map { row in
                        Array(row.databaseValues).map(Self.stored)
                    }
                    return StoredTable(name: name, columns: columns, rows: rows)
                }
            }
        } catch {
            throw StoreError(.database, "cannot read the database: \(Self.describe(error))")
        }
    }

    /// A GRDB value as its storage class.
    private static func stored(_ value: DatabaseValue) -> StoredValue {
        switch value.storage {
        case .null: .null
        case .int64(let integer): .integer(integer)
        case .double(let real): .real(real)
        case .string(let text): .text(text)
        case .blob(let data): .blob(data)
        }
    }
}
