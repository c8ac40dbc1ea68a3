import FacteurCore
import Foundation
import QontoAPI
import Store

/// The retries a person asked for (the status page's Retry on a held record): each record is
/// fetched again by ID, examined as if new, and committed at the end like any window — forwarded
/// if it now can be, held again with the current reason if not.
struct SyncRetries {
    let configuration: FacteurConfiguration
    let store: any WorkspaceStore

    /// How long a retryable hold waits before the poller fetches it again by itself.
    static let automaticInterval: TimeInterval = 6 * 3600
    /// At most this many automatic re-examinations per window.
    static let automaticLimit = 50

    /// Runs the requested retries, and the automatic ones of retryable holds.
    /// - Returns: How many records were examined.
    func run(client: QontoClient, now: Date, summary: inout SyncInvoices.Summary) throws -> Int {
        let records = store.records
        let asked = try records.retryRequests()
        let automatic = try records.dueRetryableHolds(examinedBefore: now.addingTimeInterval(-Self.automaticInterval),
                                                      limit: Self.automaticLimit)
            .filter { !asked.contains($0) }
        let requests = asked + automatic
        guard !requests.isEmpty else { return 0 }
        for kind in InvoiceKind.allCases {
            let mine = requests.filter { $0.kind == kind }
            guard !mine.isEmpty else { continue }
            let window = SyncWindow(kind: kind, from: now, to: now, configuration: configuration, store: store)
            var batch = try SyncWindow.Batch(window: window, now: now)
            var gone: [QontoRecord] = []
            for request in mine {
                do {
                    let invoice = try client.invoice(kind, id: request.id)
                    try batch.examine(invoice, client: client, force: true, summary: &summary)
                } catch let error as QontoError where error.code == .notFound {
                    gone.append(try goneRecord(request))
                } catch let error as QontoError where error.code == .invalidID {
                    var again = try goneRecord(request)
                    again.decision = .hold(reason: .refusedID)
                    again.reason = HoldReason.refusedID.explanation(detail: error.message)
                    gone.append(again)
                }
            }
            try batch.match(client: client, from: now, to: now, summary: &summary)
            // A retried record forwarded as a new counterparty teaches it, as in any window.
            let commit = try store.records.commitWindow(
                forwarded: batch.items.lazy.map { ($0.message, $0.record) }, held: batch.held + gone, marker: nil,
                retried: mine.filter(asked.contains), learned: LearnCounterparty.fromWindow(batch.items), now: now)
            summary.forwarded += commit.queued
            summary.updated += commit.updated
        }
        return requests.count
    }

    /// The latest held version of a record Qonto no longer has, held again with that reason.
    private func goneRecord(_ key: RecordKey) throws -> QontoRecord {
        let latest = try store.records.pending().first {
            $0.record.recordType == key.recordType && $0.record.recordID == key.id
        }
        var record = latest?.record ?? QontoRecord(recordType: key.recordType, recordID: key.id, contentHash: "gone", updatedAt: "",
                                                   disposition: "held", rawJSON: "{}")
        record.disposition = "held"
        record.decision = .hold(reason: .goneFromQonto)
        record.reason = HoldReason.goneFromQonto.explanation()
        return record
    }
}
