import FacteurCore
import Foundation
import QontoAPI
import Store

/// The retries a person asked for (the status page's Retry on a held record): each record is
/// fetched again by ID, examined as if new, and committed at the end like any window — forwarded
/// if it now can be, held again with the current reason if not.
struct SyncRetries {
    let configuration: FacteurConfiguration
    let database: FacteurDatabase

    /// How long a retryable hold waits before the poller fetches it again by itself.
    static let automaticInterval: TimeInterval = 6 * 3600
    /// At most this many automatic re-examinations per window.
    static let automaticLimit = 50

    /// Runs the requested retries, and the automatic ones of retryable holds.
    /// - Returns: How many records were examined.
    func run(client: QontoClient, now: Date, summary: inout SyncInvoices.Summary) throws -> Int {
        let records = QontoRecords(database: database)
        let asked = try records.retryRequests()
        let automatic = try records.dueRetryableHolds(examinedBefore: now.addingTimeInterval(-Self.automaticInterval),
                                                      limit: Self.automaticLimit)
            .filter { due in !asked.contains { $0.recordType == due.recordType && $0.recordID == due.recordID } }
        let requests = asked + automatic
        guard !requests.isEmpty else { return 0 }
        for kind in InvoiceKind.allCases {
            let mine = requests.filter { $0.recordType == kind.qontoType }
            guard !mine.isEmpty else { continue }
            let window = SyncWindow(kind: kind, from: now, to: now, configuration: configuration, database: database)
            var batch = try SyncWindow.Batch(window: window, now: now)
            var gone: [QontoRecord] = []
            for request in mine {
                do {
                    let invoice = try client.invoice(kind, id: request.recordID)
                    try batch.examine(invoice, client: client, force: true, summary: &summary)
                } catch let error as QontoError where error.code == .notFound {
                    gone.append(try goneRecord(request.recordType, request.recordID))
                } catch let error as QontoError where error.code == .invalidID {
                    var again = try goneRecord(request.recordType, request.recordID)
                    again.reason = "refused: \(error.message)"
                    gone.append(again)
                }
            }
            try batch.match(client: client, from: now, to: now, summary: &summary)
            let commit = try QontoRecords(database: database).commitWindow(
                forwarded: batch.items.lazy.map { ($0.message, $0.record) }, held: batch.held + gone, marker: nil,
                retried: mine.filter { request in asked.contains { $0.recordType == request.recordType && $0.recordID == request.recordID } },
                now: now)
            summary.forwarded += commit.queued
            summary.updated += commit.updated
        }
        return requests.count
    }

    /// The latest held version of a record Qonto no longer has, held again with that reason.
    private func goneRecord(_ type: String, _ id: String) throws -> QontoRecord {
        let latest = try QontoRecords(database: database).pending().first { $0.record.recordType == type && $0.record.recordID == id }
        var record = latest?.record ?? QontoRecord(recordType: type, recordID: id, contentHash: "gone", updatedAt: "",
                                                   disposition: "held", rawJSON: "{}")
        record.disposition = "held"
        record.reason = "gone from Qonto: it answers 404 for this record (deleted or merged there)"
        return record
    }
}
