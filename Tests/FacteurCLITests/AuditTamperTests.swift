import FacteurTesting
import Foundation
import Testing

/// `facteur audit --verify` after someone edits the SQLite file directly.
@Suite(.serialized, .processHeavy) struct AuditTamperTests {
    /// A data directory with a few log rows, delivered through the file transport.
    func seeded() async throws -> CLIHarness {
        let cli = try await CLIHarness(tls: nil)
        cli.settings["smtp_url"] = "file://\(cli.directory.path)/mail"
        for name in ["a.pdf", "b.pdf"] { _ = try await cli.run(["forward", try cli.makePDF(name), "--kind", "supplier"]) }
        #expect(try await cli.run(["deliver"]).status == 0)
        #expect(try await cli.run(["audit", "--verify"]).status == 0)
        return cli
    }

    func dropTriggers(_ cli: CLIHarness) async throws {
        _ = try await cli.sqlite("DROP TRIGGER mail_log_append_only_update; DROP TRIGGER mail_log_append_only_delete;")
    }

    @Test func editedRowIsNamed() async throws {
        let cli = try await seeded()
        try await dropTriggers(cli)
        _ = try await cli.sqlite("UPDATE mail_log SET reply = '250 forged' WHERE seq = 3")
        let result = try await cli.run(["audit", "--verify"])
        #expect(result.status == 1)
        #expect(result.stdout == "mail log BROKEN at row 3: content does not match its hash (the row was edited)\n")
    }

    @Test func deletedRowIsNamed() async throws {
        let cli = try await seeded()
        try await dropTriggers(cli)
        _ = try await cli.sqlite("DELETE FROM mail_log WHERE seq = 2")
        let result = try await cli.run(["audit", "--verify"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("row 3: expected row 2 here"))
    }

    @Test func reorderedRowsAreNamed() async throws {
        let cli = try await seeded()
        try await dropTriggers(cli)
        _ = try await cli.sqlite("UPDATE mail_log SET seq = 99 WHERE seq = 1; UPDATE mail_log SET seq = 1 WHERE seq = 2; UPDATE mail_log SET seq = 2 WHERE seq = 99;")
        let result = try await cli.run(["audit", "--verify"])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("mail log BROKEN at row 1:"))
    }

    @Test func triggersStopPlainUpdates() async throws {
        let cli = try await seeded()
        await #expect(throws: (any Error).self) { try await cli.sqlite("UPDATE mail_log SET reply = 'x' WHERE seq = 1") }
        await #expect(throws: (any Error).self) { try await cli.sqlite("DELETE FROM mail_log") }
    }

    @Test func removingRowsFromTheEndIsCaughtAgainstAnExportedHead() async throws {
        let cli = try await seeded()
        let printed = try await cli.run(["audit", "--verify"]).stdout
        let line = try #require(printed.split(separator: "\n").first { $0.hasPrefix("keep ") })
        let head = String(line.dropFirst("keep ".count).prefix { $0 != " " })
        #expect(try await cli.run(["audit", "--verify", "--expect-head", head]).status == 0)
        // When the last row is removed (the chain of the remaining rows is still consistent)
        try await dropTriggers(cli)
        _ = try await cli.sqlite("DELETE FROM mail_log WHERE seq = (SELECT MAX(seq) FROM mail_log)")
        // Then the chain itself is consistent; what gives it away is the integrity alert left when
        // Facteur found the triggers gone, and the exported head
        let plain = try await cli.run(["audit", "--verify"])
        #expect(plain.status == 1)
        #expect(plain.stdout.contains("ALERT at row"))
        let seq = try #require(Int(head.prefix { $0 != ":" }))
        let result = try await cli.run(["audit", "--verify", "--expect-head", head, "--acknowledge-alerts-through", String(seq)])
        #expect(result.status == 1)
        #expect(result.stdout.contains("row \(seq): its hash differs from the exported head (the chain was rewritten)"))
    }

    @Test func droppedTriggersAreRestoredByTheNextCommandAndReportedUntilAcknowledged() async throws {
        let cli = try await seeded()
        try await dropTriggers(cli)
        // When any command opens the database
        #expect(try await cli.run(["status"]).status == 0)
        // Then the triggers are back, and the log itself says they were gone
        #expect(try await cli.sqlite("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'mail_log_append_only_%'") == "2")
        await #expect(throws: (any Error).self) { try await cli.sqlite("DELETE FROM mail_log") }
        let result = try await cli.run(["audit", "--verify"])
        #expect(result.status == 1)
        let alert = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("ALERT at row ") })
        #expect(alert.contains("found missing, altered or added outside Facteur; the schema's were restored"))
        let seq = String(alert.dropFirst("ALERT at row ".count).prefix { $0.isNumber })
        let acknowledged = try await cli.run(["audit", "--verify", "--acknowledge-alerts-through", seq])
        #expect(acknowledged.status == 0)
        #expect(acknowledged.stdout.contains("acknowledged alert at row \(seq)"))
    }

    @Test func textHiddenAfterANulByteIsCaught() async throws {
        let cli = try await seeded()
        _ = try await cli.sqlite("""
            DROP TRIGGER mail_log_append_only_update;
            UPDATE mail_log SET reply = CAST(CAST(reply AS BLOB) || x'00' || CAST(' hidden: paid twice' AS BLOB) AS TEXT) WHERE seq = 3;
            CREATE TRIGGER mail_log_append_only_update BEFORE UPDATE ON mail_log BEGIN SELECT RAISE(ABORT, 'the mail log is append-only'); END;
            """)
        let result = try await cli.run(["audit", "--verify"])
        #expect(result.status == 1)
        #expect(result.stdout == "mail log BROKEN at row 3: reply holds a NUL byte (text hidden after it; written outside Facteur)\n")
    }

    @Test func aForgedRowWithACorrectHashIsCaughtWithoutAnExportedHead() async throws {
        let cli = try await seeded()
        // An attacker with the database file (not the master key) appends a "sent" attempt,
        // computing its hash exactly as Facteur does; the triggers do not stop an INSERT.
        let forge = """
            import hashlib, sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            cols = ["seq", "at", "event", "outbox_id", "record_id", "record_type", "message_id", "recipient", "outcome",
                    "reply", "attachment_sha256", "possible_duplicate", "detail"]
            last = dict(zip(cols + ["hash"], db.execute("SELECT " + ", ".join(cols) + ", hash FROM mail_log ORDER BY seq DESC LIMIT 1").fetchone()))
            row = dict(last, seq=last["seq"] + 1, event="attempt", outcome="sent", reply="250 2.0.0 Ok: queued as FORGED", prev_hash=last["hash"])
            h = hashlib.sha256()
            for c in cols + ["prev_hash"]:
                v = row[c]
                if v is None:
                    h.update(b"-\\n")
                else:
                    b = str(v).encode()
                    h.update(str(len(b)).encode() + b":" + b + b"\\n")
            row["hash"] = h.hexdigest()
            names = cols + ["prev_hash", "hash"]
            if "seal" in [c[1] for c in db.execute("PRAGMA table_info(mail_log)")]:
                names.append("seal")
                row["seal"] = None
            db.execute("INSERT INTO mail_log (" + ", ".join(names) + ") VALUES (" + ", ".join("?" * len(names)) + ")", [row[n] for n in names])
            db.commit()
            """
        let script = try cli.directory.write("forge.py", Array(forge.utf8))
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", script, "\(cli.dataDirectory)/facteur.sqlite"]
        try python.run()
        await python.waitForExit()
        #expect(python.terminationStatus == 0)
        let result = try await cli.run(["audit", "--verify"])
        #expect(result.status == 1)
        #expect(result.stdout.hasSuffix("not sealed, though the rows before it are (appended without Facteur's master key)\n"))
    }
}
