import FacteurApp
import FacteurCore
import Foundation
import Store
import Testing

/// A real sync against the bundled sandbox stores a typed decision for every record it examines,
/// and the sentence beside it is the one rendered from that decision.
@Suite struct SyncDecisionTests {
    @Test func everyRecordASyncExaminesCarriesItsTypedDecision() async throws {
        try await SyncHarness.with { harness in
            _ = try await harness.sync()
            let records = QontoRecords(database: harness.database)
            // Held before composing: a typed hold, its sentence rendered from it
            let held = try records.held()
            #expect(!held.isEmpty, "the dataset has non-financial and unsupported documents")
            for record in held {
                guard case .hold(let reason)? = record.decision else {
                    Issue.record("\(record.recordID) held without a typed reason: \(record.reason ?? "")")
                    continue
                }
                if reason == .nonFinancialDocument || reason == .emptyFile || reason == .noAttachment {
                    #expect(record.reason == reason.explanation())
                }
            }
            #expect(held.contains { $0.decision == .hold(reason: .nonFinancialDocument) })
            // Composed: forwarded or held for review, and the outbox state agrees with the decision
            let messages = try harness.outbox.list()
            #expect(!messages.isEmpty)
            for message in messages {
                let key = try #require(RecordKey(recordType: message.recordType, recordID: message.recordID))
                let record = try records.latest(key)
                let decision = try #require(record?.decision, "\(message.recordID) has no decision")
                #expect(decision.forwards == (message.state != .held), "\(message.recordID): \(decision.code)")
            }
        }
    }
}
