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

    /// Changes whenever what the SMTP relay is built from changes: the stored `smtp_password` or
    /// a settings-page `smtp_*` value. Nothing else: a Qonto token refreshed every hour, another
    /// setting or another secret must not lift a relay's authentication stop (every worker would
    /// then try the refused password again).
    public func relayCredentialsFingerprint() throws(StoreError) -> String {
        try read { db in
            let secret = try String.fetchOne(db, sql: "SELECT name || '@' || updated_at FROM secrets WHERE name = 'smtp_password'") ?? ""
            let settings = try String.fetchOne(db, sql: """
                SELECT group_concat(key || '@' || updated_at, ',') FROM \
                (SELECT * FROM settings WHERE key LIKE 'config.smtp\\_%' ESCAPE '\\' ORDER BY key)
                """) ?? ""
            return secret + "|" + settings
        }
    }
}
