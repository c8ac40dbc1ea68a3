import FacteurCore
import FacteurTesting
import Foundation
import Store
import Testing

/// The outbox's behaviour, the same on both engines: every scenario runs on SQLite
/// (`OutboxRepository`) and on PostgreSQL (`PostgresOutboxQueue`) with the same expectations.
@Suite("Outbox contract on SQLite and PostgreSQL", .postgresServer, .processHeavy)
struct OutboxContractTests {
    let t0 = Date(timeIntervalSince1970: 1_795_612_921)
    let sent = DeliveryResult(kind: .delivered, reply: "250 2.0.0 Ok: queued as ABC")
    let sentTransition = OutboxTransition(state: .sent, reason: "")

    func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    @Test("enqueueing is idempotent on record and content, and a new content is an update linked to the earlier message",
          arguments: Engine.allCases)
    func enqueueIdempotencyAndUpdates(engine: Engine) async throws {
        try await withOutbox(engine) { subject in
            let outbox = subject.outbox
            let first = try outbox.enqueue(newMessage("r1"), now: t0)
            let again = try outbox.enqueue(newMessage("r1"), now: at(5))
            guard case .queued(let message) = first, case .duplicate(let same) = again else {
                Issue.record("expected queued then duplicate, got \(first), \(again)")
                return
            }
            #expect(message.id == same.id && message.state == .queued && message.attempts == 0)
            #expect(message.queuedAt == Timestamp.format(t0) && message.nextAttemptAt == Timestamp.format(t0))
            let update = try outbox.enqueue(newMessage("r1", content: "c2"), now: at(10))
            guard case .updated(let newer, let supersedes) = update else {
                Issue.record("expected updated, got \(update)")
                return
            }
            #expect(supersedes == message.id && newer.supersedesID == message.id)
            let held = try outbox.enqueue(newMessage("h1", state: .held), now: at(20)).message
            #expect(held.state == .held && held.lastError == "needs review")
            let log = try await subject.log()
            #expect(log.map(\.event) == ["enqueued", "enqueued", "held"])
            #expect(log.map(\.seq) == [1, 2, 3])
            #expect(log[1].detail == "update of outbox #\(message.id) (content changed)")
            #expect(log[2].detail == "held: needs review" && log[2].outcome == "held")
            #expect(try outbox.messages(recordID: "r1").map(\.id) == [message.id, newer.id])
        }
    }

    @Test("due lists deliverable messages whose time has come, paused ones first, then by due time and id",
          arguments: Engine.allCases)
    func dueOrder(engine: Engine) async throws {
        try await withOutbox(engine) { subject in
            let outbox = subject.outbox
            let a = try outbox.enqueue(newMessage("a"), now: t0).message
            let b = try outbox.enqueue(newMessage("b"), now: at(1)).message
            let c = try outbox.enqueue(newMessage("c"), now: at(2)).message
            _ = try outbox.enqueue(newMessage("h", state: .held), now: at(3))
            #expect(try outbox.due(now: at(3), limit: 100).map(\.id) == [a.id, b.id, c.id])
            // b deferred to t0+50; a paused by a stop (no due time)
            _ = try #require(try outbox.beginAttempt(id: b.id, now: at(4)))
            try outbox.finishAttempt(id: b.id, result: DeliveryResult(kind: .transient, reply: "451 4.3.0 later"),
                                           transition: OutboxTransition(state: .deferred, nextAttemptAt: at(50), reason: "451 later"),
                                           now: at(4))
            _ = try #require(try outbox.beginAttempt(id: a.id, now: at(5)))
            try outbox.finishAttempt(id: a.id, result: DeliveryResult(kind: .authFailure, reply: "535 5.7.8 no"),
                                           transition: OutboxTransition(state: .deferred, reason: "stopped", countsAttempt: false,
                                                                        stoppedSince: at(5)),
                                           now: at(5))
            #expect(try outbox.due(now: at(10), limit: 100).map(\.id) == [a.id, c.id])
            #expect(try outbox.due(now: at(60), limit: 100).map(\.id) == [a.id, c.id, b.id])
            #expect(try outbox.due(now: at(60), limit: 2).map(\.id) == [a.id, c.id])
            #expect(try outbox.pausedByStop() == 1)
            #expect(try outbox.nextAttemptAt() == "")
            #expect(try outbox.message(id: a.id).attempts == 0)
            #expect(try outbox.deliveryStops().map(\.start) == [at(5)])
            #expect(try outbox.oldestDueQueuedAt(now: at(10)) == t0)
        }
    }

    @Test("an attempt begins once, finishes with one log row, and a begun attempt can be given back",
          arguments: Engine.allCases)
    func beginFinishRelease(engine: Engine) async throws {
        try await withOutbox(engine) { subject in
            let outbox = subject.outbox
            let a = try outbox.enqueue(newMessage("a"), now: t0).message
            let b = try outbox.enqueue(newMessage("b"), now: t0).message
            let sending = try #require(try outbox.beginAttempt(id: a.id, now: at(1)))
            #expect(sending.state == .sending && sending.attempts == 1 && sending.lastAttemptAt == Timestamp.format(at(1)))
            #expect(try outbox.beginAttempt(id: a.id, now: at(1)) == nil)
            let (finished, begun) = try outbox.finishAttempt(id: a.id, result: sent, transition: sentTransition, now: at(2),
                                                                 beginning: b.id)
            #expect(finished.state == .sent && finished.sentAt == Timestamp.format(at(2)) && finished.lastReply == sent.reply)
            #expect(begun?.id == b.id && begun?.state == .sending)
            try outbox.releaseAttempt(b, now: at(3))
            let released = try outbox.message(id: b.id)
            #expect(released.state == .queued && released.attempts == 0 && released.lastAttemptAt == nil)
            // After the data phase began, a release changes nothing.
            let again = try #require(try outbox.beginAttempt(id: b.id, now: at(4)))
            try outbox.markDataStarted(id: b.id, now: at(5))
            try outbox.releaseAttempt(b, now: at(6))
            #expect(try outbox.message(id: again.id).state == .sending)
            let log = try await subject.log()
            #expect(log.map(\.event) == ["enqueued", "enqueued", "attempt"])
            #expect(log[2].outcome == "sent" && log[2].reply == sent.reply && log[2].outboxID == a.id)
            #expect(try outbox.deliveryStops().isEmpty)
        }
    }

    @Test("recovery: before the data phase the message is queued again, after it unknown and flagged",
          arguments: Engine.allCases)
    func recoverBeforeAndAfterData(engine: Engine) async throws {
        try await withOutbox(engine) { subject in
            let outbox = subject.outbox
            let a = try outbox.enqueue(newMessage("a"), now: t0).message
            let b = try outbox.enqueue(newMessage("b"), now: t0).message
            _ = try #require(try outbox.beginAttempt(id: a.id, now: at(1)))
            _ = try #require(try outbox.beginAttempt(id: b.id, now: at(1)))
            try outbox.markDataStarted(id: b.id, now: at(2))
            // Past any lease (60 s), as after a crash and a restart.
            let recovered = try outbox.recoverInterrupted(now: at(120))
            #expect(recovered.map(\.id) == [a.id, b.id])
            #expect(recovered.map(\.state) == [.queued, .unknown])
            #expect(recovered.map(\.possibleDuplicate) == [false, true])
            #expect(recovered.allSatisfy { $0.nextAttemptAt == Timestamp.format(at(120)) })
            #expect(try outbox.recoverInterrupted(now: at(121)).isEmpty)
            // The re-send of b is logged as a possible duplicate.
            _ = try #require(try outbox.beginAttempt(id: b.id, now: at(130)))
            let after = try outbox.finishAttempt(id: b.id, result: sent, transition: sentTransition, now: at(131))
            #expect(after.state == .sent && after.possibleDuplicate)
            let log = try await subject.log()
            #expect(log.map(\.event) == ["enqueued", "enqueued", "recovered", "recovered", "attempt"])
            #expect(log[2].outcome == "queued" && log[2].detail == "interrupted before the data phase: not sent, queued again")
            #expect(log[3].outcome == "unknown" && !log[3].possibleDuplicate)
            #expect(log[4].possibleDuplicate)
        }
    }

    @Test("resend re-queues failed and held messages with a fresh budget, and refuses others before changing anything",
          arguments: Engine.allCases)
    func resend(engine: Engine) async throws {
        try await withOutbox(engine) { subject in
            let outbox = subject.outbox
            let a = try outbox.enqueue(newMessage("a"), now: t0).message
            let h = try outbox.enqueue(newMessage("h", state: .held), now: t0).message
            let q = try outbox.enqueue(newMessage("q"), now: t0).message
            _ = try #require(try outbox.beginAttempt(id: a.id, now: at(1)))
            try outbox.finishAttempt(id: a.id, result: DeliveryResult(kind: .permanent, reply: "550 5.1.1 no such user"),
                                           transition: OutboxTransition(state: .failed, reason: "550 5.1.1 no such user"), now: at(2))
            #expect(throws: StoreError(.invalidState, "outbox #\(q.id) is queued; only failed or held messages can be resent")) {
                _ = try outbox.resend(ids: [a.id, q.id], reason: "test", now: at(3))
            }
            #expect(throws: StoreError(.notFound, "no outbox message #999999")) {
                _ = try outbox.resend(ids: [999_999], reason: "test", now: at(3))
            }
            #expect(try outbox.message(id: a.id).state == .failed)
            let resent = try outbox.resend(ids: [a.id, h.id], reason: "facteur resend by root", now: at(4))
            #expect(resent.map(\.state) == [.queued, .queued] && resent.map(\.attempts) == [0, 0])
            #expect(resent.allSatisfy { $0.queuedAt == Timestamp.format(at(4)) && $0.lastError == nil })
            let log = try await subject.log()
            #expect(log.suffix(2).map(\.event) == ["resend", "resend"])
            #expect(log.suffix(2).first?.detail == "facteur resend by root; was failed: 550 5.1.1 no such user")
        }
    }

    @Test("readdress changes a failed message's recipient and logs the old one; a queued one is refused",
          arguments: Engine.allCases)
    func readdress(engine: Engine) async throws {
        try await withOutbox(engine) { subject in
            let outbox = subject.outbox
            let h = try outbox.enqueue(newMessage("h", state: .held), now: t0).message
            let q = try outbox.enqueue(newMessage("q"), now: t0).message
            try outbox.readdress(id: h.id, recipient: "fixed@pennylane.test", size: 120, reason: "inbox corrected", now: at(1))
            let changed = try outbox.message(id: h.id)
            #expect(changed.recipient == "fixed@pennylane.test" && changed.size == 120 && changed.state == .held)
            #expect(throws: StoreError.self) {
                try outbox.readdress(id: q.id, recipient: "x@pennylane.test", size: 1, reason: "no", now: at(2))
            }
            let last = try #require(try await subject.log().last)
            #expect(last.event == "readdressed" && last.detail == "inbox corrected; was addressed to supplier@pennylane.test")
        }
    }

    @Test("counts, listings and lookups", arguments: Engine.allCases)
    func countsAndListings(engine: Engine) async throws {
        try await withOutbox(engine) { subject in
            let outbox = subject.outbox
            let a = try outbox.enqueue(newMessage("a"), now: t0).message
            let b = try outbox.enqueue(newMessage("b"), now: t0).message
            let h = try outbox.enqueue(newMessage("h", state: .held), now: t0).message
            _ = try #require(try outbox.beginAttempt(id: a.id, now: at(1)))
            #expect(try outbox.counts() == [.sending: 1, .queued: 1, .held: 1])
            #expect(try outbox.list(state: nil, limit: nil).map(\.id) == [h.id, b.id, a.id])
            #expect(try outbox.list(state: .held, limit: nil).map(\.id) == [h.id])
            #expect(try outbox.list(state: nil, limit: 2).map(\.id) == [h.id, b.id])
            #expect(try outbox.message(id: b.id).recordID == "b")
            #expect(throws: StoreError(.notFound, "no outbox message #999999")) {
                _ = try outbox.message(id: 999_999)
            }
            #expect(try outbox.oldestDueQueuedAt(now: at(1)) == t0)
            #expect(try outbox.nextAttemptAt() == Timestamp.format(t0))
        }
    }
}
