import FacteurCore
import FacteurTesting
import Foundation
import Store
import Testing

/// One long scenario on both engines: the mail logs must say the same thing, row for row (outbox
/// IDs differ between engines, so they are compared by the order messages were queued).
@Suite("Mail log parity between SQLite and PostgreSQL", .postgresServer, .processHeavy)
struct OutboxLogParityTests {
    let t0 = Date(timeIntervalSince1970: 1_795_612_921)

    func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    /// Queue, update, hold, send, defer, stop, fail, recover, resend and re-address.
    func scenario(_ outbox: any OutboxQueue) throws -> [Int64] {
        let a = try outbox.enqueue(newMessage("a"), now: t0).message
        let b = try outbox.enqueue(newMessage("b"), now: at(1)).message
        let a2 = try outbox.enqueue(newMessage("a", content: "c2"), now: at(2)).message
        let h = try outbox.enqueue(newMessage("h", state: .held), now: at(3)).message
        _ = try outbox.beginAttempt(id: a.id, now: at(4))
        try outbox.markDataStarted(id: a.id, now: at(4))
        _ = try outbox.finishAttempt(id: a.id, result: DeliveryResult(kind: .delivered, reply: "250 2.0.0 Ok: queued as X"),
                                           transition: OutboxTransition(state: .sent, reason: ""), now: at(5), beginning: b.id)
        _ = try outbox.finishAttempt(id: b.id, result: DeliveryResult(kind: .transient, reply: "451 4.7.1 greylisted"),
                                           transition: OutboxTransition(state: .deferred, nextAttemptAt: at(300), reason: "451 4.7.1 greylisted"),
                                           now: at(6))
        _ = try outbox.beginAttempt(id: a2.id, now: at(7))
        _ = try outbox.finishAttempt(id: a2.id, result: DeliveryResult(kind: .authFailure, reply: "535 5.7.8 bad credentials"),
                                           transition: OutboxTransition(state: .deferred, reason: "stopped: bad credentials",
                                                                        countsAttempt: false, stoppedSince: at(7)),
                                           now: at(8))
        _ = try outbox.beginAttempt(id: a2.id, now: at(400))
        try outbox.markDataStarted(id: a2.id, now: at(401))
        _ = try outbox.recoverInterrupted(now: at(500))
        _ = try outbox.beginAttempt(id: b.id, now: at(501))
        _ = try outbox.finishAttempt(id: b.id, result: DeliveryResult(kind: .permanent, reply: "550 5.1.1 unknown user"),
                                           transition: OutboxTransition(state: .failed, reason: "550 5.1.1 unknown user"), now: at(502))
        try outbox.readdress(id: b.id, recipient: "fixed@pennylane.test", size: 130, reason: "inbox corrected", now: at(503))
        _ = try outbox.resend(ids: [b.id, h.id], reason: "facteur resend by root", now: at(504))
        return [a.id, b.id, a2.id, h.id]
    }

    @Test("the same operations write the same mail log on both engines")
    func sameLog() async throws {
        var logs: [[LogRow]] = []
        for engine in Engine.allCases {
            try await withOutbox(engine) { subject in
                let ids = try scenario(subject.outbox)
                // Outbox IDs as their queue order, in the outbox_id column and in details ("#12").
                logs.append(try await subject.log().map { row in
                    var row = row
                    row.outboxID = row.outboxID.flatMap { id in ids.firstIndex(of: id).map(Int64.init) }
                    for (index, id) in ids.enumerated() { row.detail = row.detail?.replacing("#\(id)", with: "#m\(index)") }
                    return row
                })
            }
        }
        #expect(logs[0].map(\.event) == ["enqueued", "enqueued", "enqueued", "held", "attempt", "attempt", "attempt", "recovered",
                                            "attempt", "readdressed", "resend", "resend"])
        #expect(logs[0] == logs[1])
        for (sqlite, postgres) in zip(logs[0], logs[1]) where sqlite != postgres {
            Issue.record("SQLite: \(sqlite)\nPostgreSQL: \(postgres)")
        }
    }
}
