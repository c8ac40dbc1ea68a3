import Foundation
import Logging
import PostgresNIO

/// The triggers that make `mail_log` append-only on PostgreSQL, as SQLite's are: UPDATE, DELETE
/// and TRUNCATE are refused by one function. Every gateway checks them at start
/// (``PostgresMailLogArchive/checkGuards(now:)``) and verification checks them again: a guard
/// dropped, disabled, made conditional or pointed elsewhere, the function rewritten, or another
/// trigger or rule added on `mail_log` (one could make an INSERT vanish) counts as damage.
enum PostgresMailLogGuards {
    /// One guard trigger: its name, its `pg_trigger.tgtype` bits and its statement.
    struct Guard {
        let name: String
        let type: Int
        let sql: String
    }

    /// The refusing function.
    static let function = "facteur_mail_log_append_only"
    /// Its body, as stored in `pg_proc.prosrc`.
    static let functionBody = "BEGIN RAISE EXCEPTION 'the mail log is append-only'; END;"
    /// `CREATE OR REPLACE FUNCTION` for it.
    static let functionSQL = """
        CREATE OR REPLACE FUNCTION \(function)() RETURNS trigger LANGUAGE plpgsql AS $guard$\(functionBody)$guard$
        """

    /// The guards (`tgtype` bits: row 1, before 2, delete 8, update 16, truncate 32).
    static let guards: [Guard] = [
        Guard(name: "mail_log_append_only_update", type: 1 | 2 | 16, sql: """
            CREATE TRIGGER mail_log_append_only_update BEFORE UPDATE ON mail_log FOR EACH ROW EXECUTE FUNCTION \(function)()
            """),
        Guard(name: "mail_log_append_only_delete", type: 1 | 2 | 8, sql: """
            CREATE TRIGGER mail_log_append_only_delete BEFORE DELETE ON mail_log FOR EACH ROW EXECUTE FUNCTION \(function)()
            """),
        Guard(name: "mail_log_append_only_truncate", type: 2 | 32, sql: """
            CREATE TRIGGER mail_log_append_only_truncate BEFORE TRUNCATE ON mail_log FOR EACH STATEMENT EXECUTE FUNCTION \(function)()
            """),
    ]

    /// The statements the schema creates them with (migration 2).
    static var creationStatements: [String] { [functionSQL] + guards.map(\.sql) }

    /// What is wrong with the guards, by name: each guard missing or altered (type, function,
    /// condition, columns, disabled), the function if its body changed, every other trigger on
    /// `mail_log`, and every rule on it (`rule <name>`). Empty when all is as the schema made it.
    static func damaged(_ connection: PostgresConnection, logger: Logger) async throws -> [String] {
        var stored: [String: (type: Int, enabled: String, ours: Bool, plain: Bool)] = [:]
        let triggers = try await connection.query("""
            SELECT t.tgname::text, t.tgtype::int, t.tgenabled::text,
                   t.tgfoid = to_regprocedure('\(unescaped: function)()')::oid AND t.tgfoid IS NOT NULL,
                   t.tgqual IS NULL AND t.tgnargs = 0 AND t.tgattr::text = ''
            FROM pg_trigger t WHERE t.tgrelid = to_regclass('mail_log') AND NOT t.tgisinternal
            """, logger: logger)
        for try await (name, type, enabled, ours, plain) in triggers.decode((String, Int, String, Bool?, Bool).self) {
            stored[name] = (type, enabled, ours ?? false, plain)
        }
        var damaged: [String] = []
        for item in guards {
            guard let trigger = stored[item.name], trigger.type == item.type, trigger.ours, trigger.plain,
                  trigger.enabled == "O" || trigger.enabled == "A" else {
                damaged.append(item.name)
                continue
            }
        }
        let names = Set(guards.map(\.name))
        damaged += stored.keys.filter { !names.contains($0) }.sorted()
        let body = try await connection.query("""
            SELECT prosrc FROM pg_proc WHERE oid = to_regprocedure('\(unescaped: function)()')
            """, logger: logger).collect().first?.decode(String.self)
        if body.map(normalised) != normalised(functionBody) { damaged.append("\(function)()") }
        for try await rule in try await connection.query("""
            SELECT rulename::text FROM pg_rules WHERE schemaname = current_schema() AND tablename = 'mail_log' ORDER BY 1
            """, logger: logger).decode(String.self) {
            damaged.append("rule \(rule)")
        }
        return damaged
    }

    /// Puts the schema's guards back and removes every other trigger and rule on `mail_log`,
    /// inside the caller's transaction.
    /// - Parameter damaged: What ``damaged(_:logger:)`` found.
    static func restore(_ damaged: [String], _ connection: PostgresConnection, logger: Logger) async throws {
        let names = Set(guards.map(\.name))
        for name in damaged where !names.contains(name) && name != "\(function)()" {
            if name.hasPrefix("rule ") {
                try await connection.query(PostgresQuery(unsafeSQL: "DROP RULE IF EXISTS \(quoted(String(name.dropFirst(5)))) ON mail_log"),
                                           logger: logger)
            } else {
                try await connection.query(PostgresQuery(unsafeSQL: "DROP TRIGGER IF EXISTS \(quoted(name)) ON mail_log"), logger: logger)
            }
        }
        try await connection.query(PostgresQuery(unsafeSQL: functionSQL), logger: logger)
        for item in guards {
            try await connection.query(PostgresQuery(unsafeSQL: "DROP TRIGGER IF EXISTS \(item.name) ON mail_log"), logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: item.sql), logger: logger)
        }
    }

    /// An SQL identifier, quoted.
    private static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func normalised(_ sql: String) -> String {
        sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
