import FacteurCore
import Foundation
import GRDB
import Store
import Testing

@Suite struct MailLogTests {
    let t0 = Date(timeIntervalSince1970: 1_795_612_921)

    /// A database with five log rows (enqueue, attempt, …) and the log; sealed when a key is given.
    func seeded(masterKey: MasterKey? = nil) throws -> (FacteurDatabase, MailLog) {
        let database = try FacteurDatabase.inMemory(masterKey: masterKey)
        let outbox = OutboxRepository(database: database)
        for id in ["a", "b"] {
            let message = try outbox.enqueue(newMessage(id), now: t0).message
            _ = try outbox.beginAttempt(id: message.id, now: t0)
            try outbox.finishAttempt(id: message.id, result: DeliveryResult(kind: .delivered, reply: "250 ok \(id)"),
                                     transition: OutboxTransition(state: .sent, reason: ""), now: t0)
        }
        _ = try outbox.enqueue(newMessage("c"), now: t0)
        return (database, MailLog(database: database))
    }

    /// Runs raw SQL as an attacker with database access would (triggers dropped first).
    func tamper(_ database: FacteurDatabase, _ sql: String) throws {
        try database.queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER mail_log_append_only_update; DROP TRIGGER mail_log_append_only_delete")
            try db.execute(sql: sql)
        }
    }

    @Test func intactChainVerifiesAndReportsItsHead() throws {
        let (_, log) = try seeded()
        let result = try log.verify()
        #expect(result.isIntact && result.rowCount == 5 && result.headSeq == 5)
        #expect(result.headHash == (try log.entries().last?.hash))
    }

    @Test func rowsAreChainedFromTheGenesisHash() throws {
        let (_, log) = try seeded()
        let entries = try log.entries()
        #expect(entries.first?.previousHash == MailLog.genesisHash)
        for (previous, next) in zip(entries, entries.dropFirst()) {
            #expect(next.previousHash == previous.hash)
            #expect(next.hash == next.computedHash)
        }
    }

    @Test func facteurCannotUpdateOrDeleteARow() throws {
        let (database, _) = try seeded()
        #expect(throws: DatabaseError.self) { try database.queue.write { try $0.execute(sql: "UPDATE mail_log SET reply = 'x'") } }
        #expect(throws: DatabaseError.self) { try database.queue.write { try $0.execute(sql: "DELETE FROM mail_log") } }
    }

    @Test func editedRowIsNamed() throws {
        let (database, log) = try seeded()
        try tamper(database, "UPDATE mail_log SET reply = '250 ok forged' WHERE seq = 2")
        #expect(try log.verify().firstBreak == "row 2: content does not match its hash (the row was edited)")
    }

    @Test func editedRowWithARecomputedHashBreaksTheNextLink() throws {
        let (database, log) = try seeded()
        // An attacker edits row 2 and recomputes its own hash: row 3's link no longer matches.
        var forged = try #require(try log.entries().first { $0.seq == 2 })
        forged.reply = "250 forged"
        forged.hash = forged.computedHash
        try tamper(database, "UPDATE mail_log SET reply = '250 forged', hash = '\(forged.hash)' WHERE seq = 2")
        #expect(try log.verify().firstBreak == "row 3: previous-hash link broken (a row before it was changed, removed or reordered)")
    }

    @Test func deletedRowIsNamed() throws {
        let (database, log) = try seeded()
        try tamper(database, "DELETE FROM mail_log WHERE seq = 3")
        #expect(try log.verify().firstBreak == "row 4: expected row 3 here (a row was deleted or renumbered)")
    }

    @Test func reorderedRowsAreNamed() throws {
        let (database, log) = try seeded()
        try tamper(database, """
            UPDATE mail_log SET seq = 100 WHERE seq = 2; UPDATE mail_log SET seq = 2 WHERE seq = 3;
            UPDATE mail_log SET seq = 3 WHERE seq = 100;
            """)
        #expect(try log.verify().firstBreak?.hasPrefix("row 2:") == true)
    }

    @Test func entriesFilterByTime() throws {
        let (database, log) = try seeded()
        _ = try OutboxRepository(database: database).enqueue(newMessage("late"), now: t0.addingTimeInterval(86_400))
        #expect(try log.entries(since: t0.addingTimeInterval(1)).map(\.recordID) == ["late"])
        #expect(try log.entries(until: t0.addingTimeInterval(1)).count == 5)
    }
}
