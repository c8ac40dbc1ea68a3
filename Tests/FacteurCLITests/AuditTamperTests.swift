import FacteurTesting
import Foundation
import Testing

/// `facteur audit --verify` after someone edits the SQLite file directly.
@Suite(.serialized) struct AuditTamperTests {
    /// A data directory with a few log rows, delivered through the file transport.
    func seeded() throws -> CLIHarness {
        let cli = try CLIHarness(tls: nil)
        cli.settings["smtp_url"] = "file://\(cli.directory.path)/mail"
        for name in ["a.pdf", "b.pdf"] { _ = try cli.run(["forward", try cli.makePDF(name), "--kind", "supplier"]) }
        #expect(try cli.run(["deliver"]).status == 0)
        #expect(try cli.run(["audit", "--verify"]).status == 0)
        return cli
    }

    func dropTriggers(_ cli: CLIHarness) throws {
        _ = try cli.sqlite("DROP TRIGGER mail_log_append_only_update; DROP TRIGGER mail_log_append_only_delete;")
    }

    @Test func editedRowIsNamed() throws {
        let cli = try seeded()
        try dropTriggers(cli)
        _ = try cli.sqlite("UPDATE mail_log SET reply = '250 forged' WHERE seq = 3")
        let result = try cli.run(["audit", "--verify"])
        #expect(result.status == 1)
        #expect(result.stdout == "mail log BROKEN at row 3: content does not match its hash (the row was edited)\n")
    }

    @Test func deletedRowIsNamed() throws {
        let cli = try seeded()
        try dropTriggers(cli)
        _ = try cli.sqlite("DELETE FROM mail_log WHERE seq = 2")
        let result = try cli.run(["audit", "--verify"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("row 3: expected row 2 here"))
    }

    @Test func reorderedRowsAreNamed() throws {
        let cli = try seeded()
        try dropTriggers(cli)
        _ = try cli.sqlite("UPDATE mail_log SET seq = 99 WHERE seq = 1; UPDATE mail_log SET seq = 1 WHERE seq = 2; UPDATE mail_log SET seq = 2 WHERE seq = 99;")
        let result = try cli.run(["audit", "--verify"])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("mail log BROKEN at row 1:"))
    }

    @Test func triggersStopPlainUpdates() throws {
        let cli = try seeded()
        #expect(throws: (any Error).self) { try cli.sqlite("UPDATE mail_log SET reply = 'x' WHERE seq = 1") }
        #expect(throws: (any Error).self) { try cli.sqlite("DELETE FROM mail_log") }
    }

    @Test func removingRowsFromTheEndIsCaughtAgainstAnExportedHead() throws {
        let cli = try seeded()
        let printed = try cli.run(["audit", "--verify"]).stdout
        let line = try #require(printed.split(separator: "\n").first { $0.hasPrefix("keep ") })
        let head = String(line.dropFirst("keep ".count).prefix { $0 != " " })
        #expect(try cli.run(["audit", "--verify", "--expect-head", head]).status == 0)
        // When the last row is removed (the chain of the remaining rows is still consistent)
        try dropTriggers(cli)
        _ = try cli.sqlite("DELETE FROM mail_log WHERE seq = (SELECT MAX(seq) FROM mail_log)")
        #expect(try cli.run(["audit", "--verify"]).status == 0)
        // Then only the exported head reveals it
        let result = try cli.run(["audit", "--verify", "--expect-head", head])
        #expect(result.status == 1)
        #expect(result.stdout.contains("the exported head is missing (rows were removed from the end"))
    }
}
