public import FacteurCore
public import FoundationEssentials
import Logging
import PostgresNIO
public import Store

/// One workspace's stored settings on PostgreSQL: sync markers and gateway values by key, and the
/// settings page's overrides with their history — ``Store/Settings`` on the shared database.
///
/// Conforms to the synchronous façade (`SettingStore`) through the connection's ``PostgresBridge``: each
/// operation runs as a task on the bridge's own threads while the caller's thread waits.
public struct PostgresSettingStore: Sendable {
    /// The store's connection pool.
    public let connection: PostgresStoreConnection
    /// The workspace whose settings these are.
    public let workspace: WorkspaceID

    /// The settings of one workspace.
    public init(connection: PostgresStoreConnection, workspace: WorkspaceID) {
        self.connection = connection
        self.workspace = workspace
    }

    /// A stored value (a marker, a hash), or nil.
    func valueAsync(_ key: String) async throws(StoreError) -> String? {
        try await connection.read("read a setting",
                                  "SELECT value FROM settings WHERE workspace = \(workspace.rawValue) AND key = \(key)") { rows in
            try rows.first?.column("value", as: String.self)
        }
    }

    /// Stores a value.
    func setAsync(_ key: String, _ value: String, now: Date) async throws(StoreError) {
        try await connection.transaction("store a setting") { db in
            try await Self.set(db, workspace, key, value, now: now, logger: connection.logger)
        }
    }

    /// Stores a value inside the caller's transaction (the window commit sets its marker so).
    static func set(_ db: PostgresConnection, _ workspace: WorkspaceID, _ key: String, _ value: String, now: Date,
                    logger: Logger) async throws {
        try await db.query("""
            INSERT INTO settings (workspace, key, value, updated_at)
            VALUES (\(workspace.rawValue), \(key), \(Text.clean(value)), \(Timestamp.format(now)))
            ON CONFLICT (workspace, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """, logger: logger)
    }

    /// The settings page's overrides (rows `config.<key>`), by configuration key.
    func overridesAsync() async throws(StoreError) -> [String: String] {
        try await connection.read("read the settings overrides", """
                SELECT key, value FROM settings WHERE workspace = \(workspace.rawValue) AND key LIKE 'config.%'
                """) { rows in
            var values: [String: String] = [:]
            for row in rows {
                values[String(try row.column("key", as: String.self).dropFirst("config.".count))] = try row.column("value")
            }
            return values
        }
    }

    /// Stores overrides in one transaction and logs each change; concurrent savers (two gateways'
    /// settings pages) take turns, so each logged change names the value it replaced.
    /// - Parameters:
    ///   - values: New values by configuration key; only those different from the current override change.
    ///   - source: Who made the change (logged).
    ///   - now: The current time.
    /// - Returns: The keys whose value changed, sorted.
    func setOverridesAsync(_ values: [String: String], source: String, now: Date) async throws(StoreError) -> [String] {
        try await connection.transaction("store the settings overrides") { db in
            let logger = connection.logger
            try await db.query("SELECT pg_advisory_xact_lock(hashtextextended('facteur settings ' || \(workspace.rawValue), 0))",
                               logger: logger)
            var changed: [String] = []
            for (key, value) in values.sorted(by: { $0.key < $1.key }).map({ ($0.key, Text.clean($0.value)) }) {
                let old = try await db.allRows("""
                    SELECT value FROM settings WHERE workspace = \(workspace.rawValue) AND key = \("config.\(key)")
                    """, logger: logger).first?.column("value", as: String.self)
                guard old != value else { continue }
                try await Self.set(db, workspace, "config.\(key)", value, now: now, logger: logger)
                try await db.query("""
                    INSERT INTO settings_changes (workspace, at, key, old_value, new_value, source)
                    VALUES (\(workspace.rawValue), \(Timestamp.format(now)), \(key), \(old), \(value), \(Text.clean(source)))
                    """, logger: logger)
                changed.append(key)
            }
            return changed
        }
    }

    /// The latest changes to the overrides, newest first.
    func changesAsync(limit: Int) async throws(StoreError) -> [SettingChange] {
        try await connection.read("read the settings changes", """
                SELECT at, key, old_value, new_value, source FROM settings_changes WHERE workspace = \(workspace.rawValue)
                ORDER BY id DESC LIMIT \(limit)
                """) { rows in
            try rows.map { row in
                SettingChange(at: try row.column("at"), key: try row.column("key"), oldValue: try row.column("old_value"),
                              newValue: try row.column("new_value"), source: try row.column("source"))
            }
        }
    }

}

extension PostgresSettingStore: SettingStore {
    /// A stored value (a marker, a hash), or nil.
    public func value(_ key: String) throws(StoreError) -> String? {
        try connection.bridge.wait { try await self.valueAsync(key) }
    }

    /// Stores a value.
    public func set(_ key: String, _ value: String, now: Date) throws(StoreError) {
        try connection.bridge.wait { try await self.setAsync(key, value, now: now) }
    }

    /// The settings page's overrides, by configuration key.
    public func overrides() throws(StoreError) -> [String: String] {
        try connection.bridge.wait { try await self.overridesAsync() }
    }

    /// Replaces the overrides, recording each change with its source; returns the keys changed.
    public func setOverrides(_ values: [String: String], source: String, now: Date) throws(StoreError) -> [String] {
        try connection.bridge.wait { try await self.setOverridesAsync(values, source: source, now: now) }
    }

    /// The latest changes to the overrides, newest first.
    public func changes(limit: Int) throws(StoreError) -> [SettingChange] {
        try connection.bridge.wait { try await self.changesAsync(limit: limit) }
    }
}
