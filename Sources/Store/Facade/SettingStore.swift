public import FoundationEssentials

/// One workspace's stored settings: sync markers and gateway values by key, and the settings
/// page's overrides with their history. ``Settings`` is the SQLite implementation.
public protocol SettingStore: Sendable {
    /// A stored value (a marker, a hash), or nil.
    func value(_ key: String) throws(StoreError) -> String?
    /// Stores a value.
    func set(_ key: String, _ value: String, now: Date) throws(StoreError)
    /// The settings page's overrides, by configuration key.
    func overrides() throws(StoreError) -> [String: String]
    /// Replaces the overrides, recording each change with its source; returns the keys changed.
    func setOverrides(_ values: [String: String], source: String, now: Date) throws(StoreError) -> [String]
    /// The latest changes to the overrides, newest first.
    func changes(limit: Int) throws(StoreError) -> [SettingChange]
}

extension SettingStore {
    /// The latest 100 changes to the overrides, newest first.
    public func changes() throws(StoreError) -> [SettingChange] { try changes(limit: 100) }
}

extension Settings: SettingStore {}
