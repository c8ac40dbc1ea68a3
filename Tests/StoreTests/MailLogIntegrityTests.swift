import FacteurCore
import Foundation
import GRDB
import Store
import FacteurTesting
import Testing

/// What an attacker with write access to the database file tries, beyond editing a row: dropping
/// the triggers, hiding text behind a NUL byte, appending a row with a correct hash.
@Suite struct MailLogIntegrityTests {
    let t0 = Date(timeIntervalSince1970: 1_795_612_921)

    func seeded(masterKey: MasterKey? = nil) throws -> (FacteurDatabase, MailLog) {
        try MailLogTests().seeded(masterKey: masterKey)
    }

    func dropTriggers(_ database: FacteurDatabase) throws {
        try database.queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER mail_log_append_only_update; DROP TRIGGER mail_log_append_only_delete")
        }
    }

    @Test func droppedTriggersFailTheVerification() throws {
        let (database, log) = try seeded()
        try dropTriggers(database)
        let result = try log.verify()
        #expect(result.firstBreak == "the append-only triggers mail_log_append_only_update, mail_log_append_only_delete are missing or altered (changed outside Facteur)")
    }

    @Test func anAlteredTriggerIsFoundToo() throws {
        let (database, log) = try seeded()
        try database.queue.writeWithoutTransaction { db in
            try db.execute(sql: """
                DROP TRIGGER mail_log_append_only_delete;
                CREATE TRIGGER mail_log_append_only_delete BEFORE DELETE ON mail_log WHEN 0 BEGIN SELECT RAISE(ABORT, 'the mail log is append-only'); END;
                """)
        }
        #expect(try log.verify().firstBreak?.hasPrefix("the append-only trigger mail_log_append_only_delete is missing or altered") == true)
    }

    @Test func theNextOpenRestoresTheTriggersAndLeavesAnAlertInTheChain() throws {
        let (database, log) = try seeded()
        try dropTriggers(database)
        // When Facteur next opens the database
        try log.checkGuards(now: t0)
        // Then the triggers are back, and the log says they were gone
        #expect(throws: (any Error).self) { try database.queue.write { try $0.execute(sql: "DELETE FROM mail_log") } }
        let result = try log.verify()
        #expect(result.isIntact)
        #expect(result.alerts.count == 1)
        #expect(result.alerts.first?.detail.hasPrefix("triggers mail_log_append_only_update, mail_log_append_only_delete found missing, altered or added outside Facteur; the schema's were restored") == true)
        // And a second check finds nothing more to say
        try log.checkGuards(now: t0)
        #expect(try log.verify().alerts.count == 1)
    }

    @Test func textHiddenAfterANulByteIsCaught() throws {
        let (database, log) = try seeded()
        try database.queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER mail_log_append_only_update")
            try db.execute(sql: "UPDATE mail_log SET reply = CAST(CAST(reply AS BLOB) || x'00' || CAST(' and a hidden line' AS BLOB) AS TEXT) WHERE seq = 2")
        }
        #expect(try log.verify().firstBreak == "row 2: reply holds a NUL byte (text hidden after it; written outside Facteur)")
    }

    @Test func aValueStoredAsAnotherTypeIsCaught() throws {
        let (database, log) = try seeded()
        try database.queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER mail_log_append_only_update")
            try db.execute(sql: "UPDATE mail_log SET reply = CAST(reply AS BLOB) WHERE seq = 2")
        }
        #expect(try log.verify().firstBreak == "row 2: reply is stored as blob, not text (written outside Facteur)")
    }

    /// Appends a row as someone holding only the database would: every field and the hash right.
    func forgeAppend(_ database: FacteurDatabase, log: MailLog, seal: String?) throws {
        var forged = try #require(try log.entries().last)
        forged.previousHash = forged.hash
        forged.seq += 1
        forged.event = "attempt"
        forged.outcome = "sent"
        forged.reply = "250 2.0.0 Ok: queued as FORGED"
        forged.hash = forged.computedHash
        try database.queue.write { db in
            try db.execute(sql: """
                INSERT INTO mail_log (seq, at, event, outbox_id, record_id, record_type, message_id, recipient, outcome, reply,
                                      attachment_sha256, possible_duplicate, detail, prev_hash, hash, seal)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [forged.seq, forged.at, forged.event, forged.outboxID, forged.recordID, forged.recordType,
                                 forged.messageID, forged.recipient, forged.outcome, forged.reply, forged.attachmentSHA256,
                                 forged.possibleDuplicate, forged.detail, forged.previousHash, forged.hash, seal])
        }
    }

    @Test func aForgedAppendWithARecomputedHashIsCaughtByTheSeal() throws {
        let (database, log) = try seeded(masterKey: try MasterKey.generate())
        #expect(try log.verify().isIntact)
        try forgeAppend(database, log: log, seal: nil)
        #expect(try log.verify().firstBreak == "row 6: not sealed, though the rows before it are (appended without Facteur's master key)")
    }

    @Test func aForgedAppendWithAMadeUpSealIsCaught() throws {
        let (database, log) = try seeded(masterKey: try MasterKey.generate())
        try forgeAppend(database, log: log, seal: String(repeating: "ab", count: 32))
        #expect(try log.verify().firstBreak == "row 6: its seal does not match (the row was written or rewritten without Facteur's master key)")
    }

    @Test func anotherMasterKeyDoesNotVerifyTheSeals() throws {
        let directory = try TemporaryDirectory("facteur-seal")
        defer { directory.remove() }
        let data = "\(directory.path)/data"
        _ = try OutboxRepository(database: try FacteurDatabase.open(dataDirectory: data)).enqueue(newMessage("a"), now: t0)
        #expect(try MailLog(database: try FacteurDatabase.open(dataDirectory: data)).verify().isIntact)
        // The same database opened with another key (a stolen database, a key of one's own)
        let other = "\(directory.path)/other.key"
        _ = try MasterKey.loadOrCreate(path: other)
        let result = try MailLog(database: try FacteurDatabase.open(dataDirectory: data, masterKeyFile: other)).verify()
        #expect(result.firstBreak?.hasPrefix("the sealing marker is missing or does not verify") == true)
    }

    @Test func aDatabaseWhoseKeyIsMissingIsRefusedNotGivenANewKey() throws {
        let directory = try TemporaryDirectory("facteur-seal")
        defer { directory.remove() }
        let data = "\(directory.path)/data"
        _ = try OutboxRepository(database: try FacteurDatabase.open(dataDirectory: data)).enqueue(newMessage("a"), now: t0)
        // When the database is restored without its key
        try FileManager.default.removeItem(atPath: "\(data)/master.key")
        // Then it is refused with the remedy, and no new key appears
        let error = #expect(throws: StoreError.self) { try FacteurDatabase.open(dataDirectory: data) }
        #expect(error?.message.contains("restore that file from its backup") == true)
        #expect(!FileManager.default.fileExists(atPath: "\(data)/master.key"))
    }

    @Test func rowsFromBeforeSealingAreCountedAndLaterOnesSealed() throws {
        let directory = try TemporaryDirectory("facteur-seal")
        defer { directory.remove() }
        let data = "\(directory.path)/data"
        let database = try FacteurDatabase.open(dataDirectory: data)
        _ = try OutboxRepository(database: database).enqueue(newMessage("a"), now: t0)
        // As an earlier version wrote it and the upgrade marked it: no seal on row 1, sealing from row 2
        try database.queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER mail_log_append_only_update; UPDATE mail_log SET seal = NULL")
            try db.execute(sql: "UPDATE mail_log_sealing SET sealed_from = 2, seal = facteur_seal('sealed_from:2')")
        }
        let reopened = try FacteurDatabase.open(dataDirectory: data)
        _ = try OutboxRepository(database: reopened).enqueue(newMessage("b"), now: t0)
        let result = try MailLog(database: reopened).verify()
        #expect(result.firstBreak == nil && result.unsealedRows == 1 && result.sealsChecked)
    }

    @Test func strippingEverySealDoesNotPassForALogFromBeforeSealing() throws {
        let (database, log) = try seeded(masterKey: try MasterKey.generate())
        try database.queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER mail_log_append_only_update; UPDATE mail_log SET seal = NULL")
        }
        #expect(try log.verify().firstBreak == "row 1: not sealed, though the rows before it are (appended without Facteur's master key)")
        try database.queue.writeWithoutTransaction { db in try db.execute(sql: "DELETE FROM mail_log_sealing") }
        #expect(try log.verify().firstBreak?.hasPrefix("the sealing marker is missing or does not verify") == true)
    }

    @Test func aTriggerPlantedInTheFileCannotMakeFacteurSealForIt() throws {
        let (database, log) = try seeded(masterKey: try MasterKey.generate())
        try database.queue.writeWithoutTransaction { db in
            try db.execute(sql: """
                CREATE TABLE loot (seal TEXT);
                CREATE TRIGGER harvest AFTER INSERT ON outbox BEGIN INSERT INTO loot SELECT facteur_seal('chosen hash'); END;
                """)
        }
        // When Facteur next writes, the planted trigger would call the sealing function: SQLite refuses
        #expect(throws: (any Error).self) { try OutboxRepository(database: database).enqueue(newMessage("d"), now: t0) }
        #expect(try database.queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM loot") } == 0)
        // And the next open removes the trigger and says so in the log
        try log.checkGuards(now: t0)
        #expect(try database.queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master WHERE name = 'harvest'") } == 0)
        #expect(try log.verify().alerts.first?.detail.hasPrefix("trigger harvest found missing, altered or added outside Facteur") == true)
    }

    @Test func aTriggerThatSwallowsRowsIsRefusedAtOnceAndRemovedAtTheNextOpen() throws {
        let (database, log) = try seeded()
        try database.queue.writeWithoutTransaction { db in
            try db.execute(sql: "CREATE TRIGGER swallow BEFORE INSERT ON mail_log WHEN NEW.event = 'enqueued' BEGIN SELECT RAISE(IGNORE); END")
        }
        #expect(throws: StoreError.self) { try OutboxRepository(database: database).enqueue(newMessage("d"), now: t0) }
        try log.checkGuards(now: t0)
        _ = try OutboxRepository(database: database).enqueue(newMessage("d"), now: t0)
        #expect(try log.entries().last?.event == "enqueued")
        #expect(try log.verify().alerts.count == 1)
    }

    @Test func aNulByteFromOutsideIsStoredAsU_FFFDAndTheRowVerifies() throws {
        let (database, log) = try seeded(masterKey: try MasterKey.generate())
        let outbox = OutboxRepository(database: database)
        let message = try outbox.enqueue(newMessage("n"), now: t0).message
        _ = try outbox.beginAttempt(id: message.id, now: t0)
        try outbox.finishAttempt(id: message.id, result: DeliveryResult(kind: .permanent, reply: "550 bad\0hidden"),
                                 transition: OutboxTransition(state: .failed, reason: "refused"), now: t0)
        #expect(try log.verify().isIntact)
        #expect(try log.entries().last?.reply == "550 bad\u{FFFD}hidden")
    }

    @Test func spreadsheetFormulasInTheCSVAreNeutralised() throws {
        let (database, log) = try seeded()
        let outbox = OutboxRepository(database: database)
        let message = try outbox.enqueue(newMessage("=HYPERLINK(\"http://evil.example\",\"open\")"), now: t0).message
        _ = try outbox.beginAttempt(id: message.id, now: t0)
        try outbox.finishAttempt(id: message.id, result: DeliveryResult(kind: .permanent, reply: "@SUM(1+1)"),
                                 transition: OutboxTransition(state: .failed, reason: "-2+3"), now: t0)
        let csv = MailLogEntry.csv(try log.entries())
        #expect(csv.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"open\"\")\","))
        #expect(csv.contains(",'@SUM(1+1),"))
        for line in csv.split(separator: "\r\n") {
            for cell in line.split(separator: ",", omittingEmptySubsequences: false) {
                #expect(!["=", "+", "-", "@"].contains(cell.first.map(String.init) ?? ""), "\(cell)")
            }
        }
    }
}
