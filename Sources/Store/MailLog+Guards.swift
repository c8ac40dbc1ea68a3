public import FoundationEssentials
import GRDB

extension MailLog {
    /// The triggers that make the log append-only, by name, as the schema creates them.
    static let guardTriggers: [(name: String, sql: String)] = [
        ("mail_log_append_only_update",
         "CREATE TRIGGER mail_log_append_only_update BEFORE UPDATE ON mail_log BEGIN SELECT RAISE(ABORT, 'the mail log is append-only'); END"),
        ("mail_log_append_only_delete",
         "CREATE TRIGGER mail_log_append_only_delete BEFORE DELETE ON mail_log BEGIN SELECT RAISE(ABORT, 'the mail log is append-only'); END"),
    ]

    /// The event of a row recording that the log's protection was found tampered with.
    public static let integrityAlertEvent = "integrity_alert"

    /// The names of the guard triggers that are missing or differ from the schema's (whitespace
    /// aside); empty when both are in place.
    static func damagedGuards(_ db: Database) throws -> [String] {
        var damaged: [String] = []
        for trigger in guardTriggers {
            let stored = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                                             arguments: [trigger.name])
            if stored.map(normalised) != normalised(trigger.sql) { damaged.append(trigger.name) }
        }
        return damaged
    }

    /// Checks the append-only triggers at every open: when one was dropped or altered outside
    /// Facteur (the `sqlite3` shell can), it is put back and the log records an
    /// ``integrityAlertEvent`` row naming it, which ``verify()`` reports from then on — nothing that
    /// could have happened while the log was unprotected goes unsaid.
    /// - Parameter now: The time of the alert row.
    /// - Throws: ``StoreError`` when the database cannot be read or written.
    public func checkGuards(now: Date) throws(StoreError) {
        try database.write { db in
            let damaged = try Self.damagedGuards(db)
            guard !damaged.isEmpty else { return }
            // The alert first: the triggers would not stop an INSERT, and it must be in the chain
            // before anything else is written.
            try Self.append(db, at: now, event: Self.integrityAlertEvent, message: nil,
                            detail: "append-only trigger\(damaged.count == 1 ? "" : "s") \(damaged.joined(separator: ", ")) "
                                + "found missing or altered and restored: rows may have been changed or removed while the log was unprotected")
            for trigger in Self.guardTriggers where damaged.contains(trigger.name) {
                try db.execute(sql: "DROP TRIGGER IF EXISTS \(trigger.name)")
                try db.execute(sql: trigger.sql)
            }
        }
    }

    private static func normalised(_ sql: String) -> String {
        sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
