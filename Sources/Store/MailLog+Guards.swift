public import FoundationEssentials
import Foundation
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

    /// What is wrong with the database's triggers: each of the two guards that is missing or
    /// differs from the schema's (whitespace aside), and every other trigger (Facteur defines no
    /// other; one on `mail_log` could make an INSERT vanish with `RAISE(IGNORE)`). Empty when all
    /// is as the schema made it.
    static func damagedGuards(_ db: Database) throws -> [String] {
        var stored: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'") {
            stored[row["name"]] = row["sql"]
        }
        var damaged: [String] = []
        for trigger in guardTriggers where stored[trigger.name].map(normalised) != normalised(trigger.sql) {
            damaged.append(trigger.name)
        }
        let expected = Set(guardTriggers.map(\.name))
        damaged += stored.keys.filter { !expected.contains($0) }.sorted()
        return damaged
    }

    /// Checks the triggers at every open: when a guard was dropped or altered outside Facteur
    /// (the `sqlite3` shell can), or another trigger was added, the schema's triggers are put back,
    /// the others dropped, and the log records an ``integrityAlertEvent`` row naming them, which
    /// ``verify()`` reports from then on — nothing that could have happened while the log was
    /// unprotected goes unsaid.
    /// - Parameter now: The time of the alert row.
    /// - Throws: ``StoreError`` when the database cannot be read or written.
    public func checkGuards(now: Date) throws(StoreError) {
        try database.write { db in
            let damaged = try Self.damagedGuards(db)
            guard !damaged.isEmpty else { return }
            // Triggers first: an altered one might refuse the alert row itself.
            for name in damaged { try db.execute(sql: "DROP TRIGGER IF EXISTS \"\(name.replacingOccurrences(of: "\"", with: "\"\""))\"") }
            for trigger in Self.guardTriggers {
                try db.execute(sql: "DROP TRIGGER IF EXISTS \(trigger.name)")
                try db.execute(sql: trigger.sql)
            }
            try Self.append(db, at: now, event: Self.integrityAlertEvent, message: nil,
                            detail: "trigger\(damaged.count == 1 ? "" : "s") \(damaged.joined(separator: ", ")) "
                                + "found missing, altered or added outside Facteur; the schema's were restored: rows may have been "
                                + "changed, removed or not written while the log was unprotected")
        }
    }

    private static func normalised(_ sql: String) -> String {
        sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
