public import FoundationEssentials
import FacteurCore
import GRDB

/// Key/value settings kept in SQLite (the sync markers now; the settings page later). Every change
/// is timestamped.
public struct Settings: Sendable {
    /// The database.
    public let database: FacteurDatabase

    /// Creates a view of the settings.
    public init(database: FacteurDatabase) {
        self.database = database
    }

    /// A value, or nil.
    public func value(_ key: String) throws(StoreError) -> String? {
        try database.read { db in try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [key]) }
    }

    /// Sets a value.
    public func set(_ key: String, _ value: String, now: Date) throws(StoreError) {
        try database.write { db in try Self.set(db, key, value, now: now) }
    }

    static func set(_ db: Database, _ key: String, _ value: String, now: Date) throws {
        try db.execute(sql: """
            INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
            ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """, arguments: [key, value, Timestamp.format(now)])
    }
}
