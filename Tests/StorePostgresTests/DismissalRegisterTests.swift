import FacteurCore
import FacteurTesting
import Foundation
import Store
import Testing

/// Dismissals, the same on both engines.
@Suite("Dismissal register on SQLite and PostgreSQL", .postgresServer, .processHeavy)
struct DismissalRegisterTests {
    let t0 = Date(timeIntervalSince1970: 1_795_612_921)

    func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    @Test("a dismissal names one version, is logged, refuses a second, and is undone or ended with the record",
          arguments: Engine.allCases)
    func dismissUndoAndEndAll(engine: Engine) async throws {
        try await withWorkspace(engine) { store in
            let message = try store.outbox.enqueue(newMessage("r1", state: .held), now: t0).message
            let v1 = Dismissals.Subject(recordType: "supplier_invoice", recordID: "r1", contentHash: "c1", outboxID: message.id)
            let v2 = Dismissals.Subject(recordType: "supplier_invoice", recordID: "r1", contentHash: "c2", outboxID: nil)
            let first = try store.dismissals.dismiss(v1, reason: "a quote", by: "ops", now: at(1))
            #expect(first.at == Timestamp.format(at(1)) && first.by == "ops")
            #expect(throws: StoreError.self) { _ = try store.dismissals.dismiss(v1, reason: "again", by: "ops", now: at(2)) }
            #expect(try store.dismissals.isDismissed(recordType: "supplier_invoice", recordID: "r1", contentHash: "c1"))
            #expect(try !store.dismissals.isDismissed(recordType: "supplier_invoice", recordID: "r1", contentHash: "c2"))
            // Undo, then dismiss again and end every dismissal of the record
            let undone = try store.dismissals.undo(id: first.id, by: "ops", now: at(3))
            #expect(undone.recordType == "supplier_invoice" && undone.recordID == "r1")
            #expect(throws: StoreError.self) { _ = try store.dismissals.undo(id: first.id, by: "ops", now: at(4)) }
            _ = try store.dismissals.dismiss(v1, reason: "a quote", by: "ops", now: at(5))
            _ = try store.dismissals.dismiss(v2, reason: "a quote", by: "ops", now: at(6))
            #expect(try Set(store.dismissals.active().keys) == [v1, v2])
            #expect(try store.dismissals.endAll(recordType: "supplier_invoice", recordID: "r1", by: "resend", now: at(7)) == 2)
            #expect(try store.dismissals.active().isEmpty)
            // Each step is in the mail log, with the message when there is one
            let log = try store.mailLog.entries(since: nil, until: nil)
            #expect(log.map(\.event) == ["held", "dismissed", "undismissed", "dismissed", "dismissed", "undismissed", "undismissed"])
            #expect(log[1].outboxID == message.id && log[1].messageID == message.messageID)
            #expect(log[1].detail == "supplier_invoice r1: ops: a quote" && log[2].outcome == "waiting")
            #expect(log[4].outboxID == nil && log[4].recordID == "r1")
            #expect(try store.mailLog.verify().isIntact)
        }
    }
}
