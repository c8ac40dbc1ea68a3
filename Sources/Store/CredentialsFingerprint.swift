import GRDB

extension FacteurDatabase {
    /// Changes whenever a stored secret or a settings-page value changes: a side stopped by an
    /// incident tries again once this differs from what it was when it stopped (someone fixed it).
    public func credentialsFingerprint() throws(StoreError) -> String {
        try read { db in
            let secrets = try String.fetchOne(db, sql: "SELECT group_concat(name || '@' || updated_at, ',') FROM (SELECT * FROM secrets ORDER BY name)") ?? ""
            let settings = try String.fetchOne(db, sql: "SELECT group_concat(key || '@' || updated_at, ',') FROM (SELECT * FROM settings WHERE key LIKE 'config.%' ORDER BY key)") ?? ""
            return secrets + "|" + settings
        }
    }
}
