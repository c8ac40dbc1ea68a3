public import FoundationEssentials
import FacteurCore
import GRDB

/// A change of a setting made by a person (the settings page), kept for the record.
public struct SettingChange: Sendable, Hashable, Codable {
    /// When (Timestamp format).
    public var at: String
    /// The key, e.g. `poll_interval`.
    public var key: String
    /// The value before (nil: not set on the page).
    public var oldValue: String?
    /// The value after (nil: cleared).
    public var newValue: String?
    /// Who or what made it, e.g. `settings page`.
    public var source: String

    /// Describes a change (as either engine reads it back).
    public init(at: String, key: String, oldValue: String?, newValue: String?, source: String) {
        self.at = at
        self.key = key
        self.oldValue = oldValue
        self.newValue = newValue
        self.source = source
    }
}

extension Settings {
    /// The values set by a person for configuration keys (rows `config.<key>`), by key.
    public func overrides() throws(StoreError) -> [String: String] {
        try database.read { db in
            var values: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT key, value FROM settings WHERE key LIKE 'config.%'") {
                values[String((row["key"] as String).dropFirst("config.".count))] = row["value"]
            }
            return values
        }
    }

    /// Stores configuration overrides in one transaction and logs each change.
    /// - Parameters:
    ///   - values: New values by configuration key; only those different from the current override change.
    ///   - source: Who made the change (logged).
    ///   - now: The current time.
    /// - Returns: The keys whose value changed.
    public func setOverrides(_ values: [String: String], source: String, now: Date) throws(StoreError) -> [String] {
        try database.write { db in
            var changed: [String] = []
            for (key, value) in values.sorted(by: { $0.key < $1.key }) {
                let old = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: ["config.\(key)"])
                guard old != value else { continue }
                try Self.set(db, "config.\(key)", value, now: now)
                try db.execute(sql: "INSERT INTO settings_changes (at, key, old_value, new_value, source) VALUES (?, ?, ?, ?, ?)",
                               arguments: [Timestamp.format(now), key, old, value, source])
                changed.append(key)
            }
            return changed
        }
    }

    /// Logged changes, newest first.
    public func changes(limit: Int = 100) throws(StoreError) -> [SettingChange] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM settings_changes ORDER BY id DESC LIMIT ?", arguments: [limit]).map {
                SettingChange(at: $0["at"], key: $0["key"], oldValue: $0["old_value"], newValue: $0["new_value"], source: $0["source"])
            }
        }
    }
}
