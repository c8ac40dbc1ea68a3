import FacteurCore
import Foundation
import Store
import Testing

/// A new message for record `id` with content `content`.
func newMessage(_ id: String, content: String = "c1", state: OutboxState = .queued) -> NewOutboxMessage {
    NewOutboxMessage(recordID: id, recordType: "supplier_invoice", contentHash: content,
                     messageID: "qonto.supplier_invoice.\(id).\(content)@facteur", sender: "factures@example.fr",
                     recipient: "supplier@pennylane.test", subject: "Facture \(id)", attachmentName: "\(id).pdf",
                     attachmentSHA256: String(repeating: "0", count: 64), spoolFile: "spool/\(id).eml", size: 100,
                     initialState: state, holdReason: state == .held ? "needs review" : nil)
}

@Suite struct OutboxRepositoryTests {
    let t0 = Date(timeIntervalSince1970: 1_795_612_921)
    let database: FacteurDatabase
    let outbox: OutboxRepository

    init() throws {
        database = try FacteurDatabase.inMemory()
        outbox = OutboxRepository(database: database)
    }

    @Test func enqueueingTheSameRecordAndContentTwiceIsANoOp() throws {
        let first = try outbox.enqueue(newMessage("r1"), now: t0)
        let second = try outbox.enqueue(newMessage("r1"), now: t0.addingTimeInterval(5))
        guard case .queued(let message) = first, case .duplicate(let again) = second else {
            Issue.record("expected queued then duplicate, got \(first), \(second)")
            return
        }
        #expect(message.id == again.id)
        #expect(try outbox.list().count == 1)
        #expect(try MailLog(database: database).entries().map(\.event) == ["enqueued"])
    }

    @Test func changedContentIsANewMessageLinkedToTheEarlierOne() throws {
        let first = try outbox.enqueue(newMessage("r1", content: "c1"), now: t0).message
        let second = try outbox.enqueue(newMessage("r1", content: "c2"), now: t0)
        guard case .updated(let message, let supersedes) = second else {
            Issue.record("expected updated, got \(second)")
            return
        }
        #expect(supersedes == first.id)
        #expect(message.supersedesID == first.id)
        #expect(try MailLog(database: database).entries().last?.detail == "update of outbox #\(first.id) (content changed)")
    }

    @Test func dueListsDeliverableMessagesWhoseTimeHasCome() throws {
        let a = try outbox.enqueue(newMessage("a"), now: t0).message
        _ = try outbox.enqueue(newMessage("h", state: .held), now: t0)
        #expect(try outbox.due(now: t0).map(\.id) == [a.id])
        // When a attempt is deferred to later
        let sending = try #require(try outbox.beginAttempt(id: a.id, now: t0))
        #expect(sending.state == .sending && sending.attempts == 1)
        let later = t0.addingTimeInterval(600)
        try outbox.finishAttempt(id: a.id, result: DeliveryResult(kind: .transient, reply: "451 4.3.0 later"),
                                 transition: OutboxTransition(state: .deferred, nextAttemptAt: later, reason: "451 4.3.0 later"), now: t0)
        // Then it is not due before that time, and due after
        #expect(try outbox.due(now: t0.addingTimeInterval(599)).isEmpty)
        #expect(try outbox.due(now: later).map(\.id) == [a.id])
    }

    @Test func beginAttemptRefusesAMessageThatIsNoLongerDeliverable() throws {
        let a = try outbox.enqueue(newMessage("a"), now: t0).message
        #expect(try outbox.beginAttempt(id: a.id, now: t0) != nil)
        #expect(try outbox.beginAttempt(id: a.id, now: t0) == nil)
    }

    @Test func finishedAttemptUpdatesStateAndAppendsOneLogRowWithTheReply() throws {
        let a = try outbox.enqueue(newMessage("a"), now: t0).message
        _ = try outbox.beginAttempt(id: a.id, now: t0)
        let sent = try outbox.finishAttempt(id: a.id, result: DeliveryResult(kind: .delivered, reply: "250 2.0.0 Ok: queued as ABC"),
                                            transition: OutboxTransition(state: .sent, reason: ""), now: t0)
        #expect(sent.state == .sent && sent.sentAt != nil && sent.lastReply == "250 2.0.0 Ok: queued as ABC")
        let row = try #require(try MailLog(database: database).entries().last)
        #expect(row.event == "attempt" && row.outcome == "sent" && row.reply == "250 2.0.0 Ok: queued as ABC")
        #expect(row.messageID == a.messageID && row.recipient == a.recipient && row.attachmentSHA256 == a.attachmentSHA256)
    }

    @Test func anOutcomeAndTheNextBeginShareOneCommitAndABeginCanBeReleased() throws {
        let a = try outbox.enqueue(newMessage("a"), now: t0).message
        let b = try outbox.enqueue(newMessage("b"), now: t0).message
        _ = try outbox.beginAttempt(id: a.id, now: t0)
        let (finished, begun) = try outbox.finishAttempt(
            id: a.id, result: DeliveryResult(kind: .delivered, reply: "250 ok"), transition: OutboxTransition(state: .sent, reason: ""),
            now: t0, beginning: b.id)
        #expect(finished.state == .sent)
        #expect(begun?.id == b.id && begun?.state == .sending && begun?.attempts == 1)
        // A shutdown before its data started puts it back exactly as it was, without a log row
        let rows = try MailLog(database: database).entries().count
        try outbox.releaseAttempt(b, now: t0)
        let released = try outbox.message(id: b.id)
        #expect(released.state == .queued && released.attempts == 0 && released.lastAttemptAt == nil)
        #expect(try MailLog(database: database).entries().count == rows)
        // A message whose data started is never released (only recovery settles it)
        _ = try outbox.beginAttempt(id: b.id, now: t0)
        try outbox.markDataStarted(id: b.id, now: t0)
        try outbox.releaseAttempt(b, now: t0)
        #expect(try outbox.message(id: b.id).state == .sending)
        // And a next message that is no longer deliverable is simply not begun
        let c = try outbox.enqueue(newMessage("c"), now: t0).message
        _ = try outbox.beginAttempt(id: c.id, now: t0)
        let second = try outbox.finishAttempt(
            id: b.id, result: DeliveryResult(kind: .delivered, reply: "250 ok"), transition: OutboxTransition(state: .sent, reason: ""),
            now: t0, beginning: c.id)
        #expect(second.begun == nil)
    }

    @Test func crashBeforeDataRequeuesAndCrashAfterDataIsUnknownAndFlagged() throws {
        let before = try outbox.enqueue(newMessage("before"), now: t0).message
        let after = try outbox.enqueue(newMessage("after"), now: t0).message
        _ = try outbox.beginAttempt(id: before.id, now: t0)
        _ = try outbox.beginAttempt(id: after.id, now: t0)
        try outbox.markDataStarted(id: after.id, now: t0)
        // When the process restarts
        let recovered = try outbox.recoverInterrupted(now: t0.addingTimeInterval(1))
        #expect(Set(recovered.map(\.id)) == [before.id, after.id])
        #expect(try outbox.message(id: before.id).state == .queued)
        #expect(try outbox.message(id: before.id).possibleDuplicate == false)
        #expect(try outbox.message(id: after.id).state == .unknown)
        #expect(try outbox.message(id: after.id).possibleDuplicate == true)
        // And the next attempt of the unknown one is logged as a possible duplicate
        _ = try outbox.beginAttempt(id: after.id, now: t0.addingTimeInterval(2))
        try outbox.finishAttempt(id: after.id, result: DeliveryResult(kind: .delivered, reply: "250 ok"),
                                 transition: OutboxTransition(state: .sent, reason: ""), now: t0.addingTimeInterval(3))
        let last = try #require(try MailLog(database: database).entries().last)
        #expect(last.possibleDuplicate && last.outcome == "sent")
    }

    @Test func resendRequeuesFailedAndHeldWithAFreshBudgetAndRefusesOthers() throws {
        let failed = try outbox.enqueue(newMessage("f"), now: t0).message
        let held = try outbox.enqueue(newMessage("h", state: .held), now: t0).message
        let queued = try outbox.enqueue(newMessage("q"), now: t0).message
        _ = try outbox.beginAttempt(id: failed.id, now: t0)
        try outbox.finishAttempt(id: failed.id, result: DeliveryResult(kind: .permanent, reply: "554 no"),
                                 transition: OutboxTransition(state: .failed, reason: "rejected: 554 no"), now: t0)
        #expect(throws: StoreError.self) { try outbox.resend(ids: [failed.id, queued.id], reason: "test", now: t0) }
        #expect(try outbox.message(id: failed.id).state == .failed)  // nothing changed
        let later = t0.addingTimeInterval(3600)
        let done = try outbox.resend(ids: [failed.id, held.id], reason: "facteur resend by test", now: later)
        #expect(done.allSatisfy { $0.state == .queued && $0.attempts == 0 && $0.queuedAt == Timestamp.format(later) })
        let log = try MailLog(database: database).entries().filter { $0.event == "resend" }
        #expect(log.count == 2)
        #expect(log.first?.detail == "facteur resend by test; was failed: rejected: 554 no")
    }

    @Test func countsPerState() throws {
        _ = try outbox.enqueue(newMessage("a"), now: t0)
        _ = try outbox.enqueue(newMessage("b"), now: t0)
        _ = try outbox.enqueue(newMessage("h", state: .held), now: t0)
        #expect(try outbox.counts() == [.queued: 2, .held: 1])
    }
}
