import FacteurCore
import Logging
import Foundation
import MIME
import QontoAPI
import Store

/// One polling window for one kind of invoice: list, download, compose, then commit everything at once.
///
/// A window ends at ``to``, or earlier when it already holds ``recordLimit`` records: it then stops
/// before the first record of a later whole second than the last one it took, and that second is
/// its end and its marker. Every record it took is strictly earlier than the cut and every record
/// it left is at or after it, so the next window, starting at the cut (Qonto's filters are whole
/// seconds and inclusive), lists exactly what was left: nothing skipped, nothing examined twice,
/// and the records sharing a second always land in the same window. What a window holds until its
/// commit is thus bounded by the limit, not by how many invoices a month brings.
struct SyncWindow {
    let kind: InvoiceKind
    let from: Date
    let to: Date
    let configuration: FacteurConfiguration
    let store: any WorkspaceStore
    /// At most about this many new records (forwarded or held) per window; nil: no limit (a retry).
    var recordLimit: Int?
    /// The workspace whose records these are (carried by their ``RecordKey``s): the configuration's.
    var workspace: WorkspaceID { configuration.workspace }
    var shouldStop: @Sendable () -> Bool = { false }
    var logger: Logger?

    struct Result {
        var listed = 0
        var queued = 0
        var updated = 0
        var held = 0
        /// Where the window ended: ``SyncWindow/to``, or the second it was cut at.
        var end: Date
    }

    /// Thrown from the listing callback to stop listing once a window is full.
    private struct Cut: Error {
        let end: Date
    }

    func run(client: QontoClient, now: Date, summary: inout SyncInvoices.Summary) throws -> Result {
        var batch = try Batch(window: self, now: now)
        var result = Result(end: to)
        var lastTaken: Date?
        // A cut is exact only if Qonto lists in `updated_at` order (we ask it to): one record out of
        // order and this window is not cut at all, so a record listed late can never be skipped.
        var inOrder = true
        do {
            try client.invoices(kind, updatedFrom: from, to: to, onRefused: { refused in
                result.listed += 1
                batch.hold(refused, now: now)
                summary.held["refused", default: 0] += 1
            }) { page in
                for invoice in page {
                    if shouldStop() { throw SyncStopped() }
                    if let lastTaken, invoice.updatedAt < lastTaken { inOrder = false }
                    if inOrder, let end = cut(before: invoice, held: batch.count, after: lastTaken) { throw Cut(end: end) }
                    result.listed += 1
                    lastTaken = max(lastTaken ?? invoice.updatedAt, invoice.updatedAt)
                    try batch.examine(invoice, client: client, force: false, summary: &summary)
                }
            }
        } catch let cut as Cut {
            result.end = cut.end
        }
        try batch.match(client: client, from: from, to: result.end, summary: &summary)
        let commit = try store.records.commitWindow(
            forwarded: batch.items.lazy.map { ($0.message, $0.record) }, held: batch.held,
            marker: (SyncInvoices.markerKey(kind), Timestamp.format(result.end)), retried: [],
            learned: LearnCounterparty.fromWindow(batch.items), now: now)
        for item in batch.items {
            let (message, record) = (item.message, item.record)
            logger?.log(level: message.initialState == .held ? .warning : .info,
                        message.initialState == .held ? "held for review: \(record.matchExplanation ?? "")" : "queued",
                        metadata: ["qonto_id": "\(record.recordID)", "message_id": "\(message.messageID)",
                                   "record_type": "\(record.recordType)", "match": "\(record.matchExplanation ?? "")"])
        }
        for record in batch.held {
            logger?.warning("held: \(record.reason ?? "")", metadata: ["qonto_id": "\(record.recordID)", "record_type": "\(record.recordType)"])
        }
        result.queued = commit.queued
        result.updated = commit.updated
        result.held = commit.held + commit.heldForReview
        summary.listed += result.listed
        summary.forwarded += commit.queued
        summary.updated += commit.updated
        return result
    }

    /// Where to end the window before `next`, if it is full: the whole second of `next`, when that
    /// second is later than the last record taken (a second is never split between two windows).
    /// - Parameters:
    ///   - next: The next record listed.
    ///   - held: How many records the window holds.
    ///   - last: The latest `updated_at` among the records taken.
    func cut(before next: QontoInvoice, held: Int, after last: Date?) -> Date? {
        guard let recordLimit, held >= recordLimit, let last else { return nil }
        let second = Date(timeIntervalSince1970: next.updatedAt.timeIntervalSince1970.rounded(.down))
        return second > last ? second : nil
    }

    /// What a window collects before its commit: composed messages and held records.
    struct Batch {
        let window: SyncWindow
        let now: Date
        let inbox: Mailbox
        let sender: Mailbox
        let renderer: MailBodyRenderer
        let composer: Composer
        let records: any RecordArchive
        /// The composed invoices: what the commit writes and the matcher reads, nothing more (the
        /// files are in the spool, the Qonto record itself is dropped once examined).
        var items: [WindowMatcher.Item] = []
        var held: [QontoRecord] = []

        /// How many records the window holds (composed or held).
        var count: Int { items.count + held.count }

        init(window: SyncWindow, now: Date) throws {
            self.window = window
            self.now = now
            inbox = Mailbox(address: try window.configuration.requireInbox(for: window.kind))
            sender = try window.configuration.requireSender()
            renderer = try MailBodyRenderer(templatesDirectory: window.configuration.templatesDirectory)
            composer = Composer(workspace: window.configuration.workspace, dataDirectory: window.configuration.dataDirectory, outbox: window.store.outbox)
            records = window.store.records
        }

        /// Scores the whole window's composed invoices at once (reconciling them with the Qonto
        /// transactions one to one), and checks the ledger: those that do not clear the threshold,
        /// or look already booked, will be queued `held` with the explanation.
        mutating func match(client: QontoClient, from: Date, to: Date, summary: inout SyncInvoices.Summary) throws {
            guard !items.isEmpty else { return }
            let amounts = ReconcilableAmounts(items.lazy.map(\.evidence.amount))
            let transactions = try WindowTransactions.fetch(client: client, from: from, to: to, amounts: amounts)
            try WindowMatcher(configuration: window.configuration, store: window.store, kind: window.kind)
                .decide(&items, transactions: transactions, now: now)
            for item in items where item.message.initialState == .held {
                let category: String
                switch item.decision {
                case .duplicate?: category = "likely duplicate"
                case .hold(.rejectedInQonto)?: category = "rejected in Qonto"
                default: category = "needs review"
                }
                summary.held[category, default: 0] += 1
            }
        }

        /// The earlier message of this record that a new version replaces, with what changed since
        /// the version it was composed from; nil for a first version.
        func replacement(of invoice: QontoInvoice, fileSHA256: String, contentHash: String) throws -> InvoiceReplacement? {
            guard let previous = try composer.previousMessage(recordID: invoice.id, kind: window.kind, contentHash: contentHash) else {
                return nil
            }
            let earlier = try records.version(recordType: previous.recordType, recordID: previous.recordID, contentHash: previous.contentHash)
                .flatMap { record -> QontoInvoice? in
                    guard let json = (try? JSONSerialization.jsonObject(with: Data(record.rawJSON.utf8))) as? [String: Any] else { return nil }
                    return try? QontoInvoice(kind: window.kind, json: json)
                }
            func facts(_ invoice: QontoInvoice?, sha: String?) -> InvoiceReplacement.Facts {
                var amount: String?
                if let value = invoice?.amount { amount = invoice?.currency.map { "\(value) \($0)" } ?? value }
                return InvoiceReplacement.Facts(amount: amount, number: invoice?.invoiceNumber,
                                                counterparty: invoice?.counterpartyName, fileSHA256: sha, fileName: invoice?.fileName)
            }
            let changes = earlier.map { InvoiceReplacement.changes(before: facts($0, sha: previous.attachmentSHA256),
                                                                   after: facts(invoice, sha: fileSHA256)) }
                ?? (previous.attachmentSHA256 == fileSHA256 ? [] : [.file(from: previous.attachmentName, to: invoice.fileName)])
            return InvoiceReplacement(messageID: previous.messageID, changes: changes)
        }

        /// Holds a listed record refused at the API edge (an ID that is not a Qonto ID), whole, under
        /// its own ID when that one is valid, else under a key derived from the ID it came with.
        mutating func hold(_ refused: QontoRefusedRecord, now: Date) {
            let raw = String(decoding: refused.rawJSON, as: UTF8.self)
            let key = refused.validID ?? "invalid-id-\(SHA256.hex(of: refused.rawID ?? raw).prefix(16))"
            var row = QontoRecord(recordType: window.kind.qontoType, recordID: key, contentHash: SHA256.hex(of: raw),
                                  updatedAt: Timestamp.format(refused.updatedAt ?? now), disposition: "held", rawJSON: raw)
            row.decision = .hold(reason: .refusedID)
            row.reason = HoldReason.refusedID.explanation(detail: refused.error.message)
            held.append(row)
        }

        /// Downloads, checks and composes one invoice, unless this version was handled already.
        /// - Parameter force: Examine it even if handled (a retry a person asked for).
        mutating func examine(_ invoice: QontoInvoice, client: QontoClient, force: Bool,
                              summary: inout SyncInvoices.Summary) throws {
            let kind = window.kind
            let contentHash = SHA256.hex(of: invoice.contentFields.joined(separator: "\u{1F}"))
            // The Qonto client refuses IDs of another shape at the API edge: building the key cannot fail here.
            let key = try RecordKey(workspace: window.workspace, kind: kind, id: invoice.id)
            if !force, try records.contains(key, contentHash: contentHash) {
                summary.unchanged += 1
                return
            }
            let record = QontoRecord(recordType: kind.qontoType, recordID: invoice.id, contentHash: contentHash,
                                     updatedAt: Timestamp.format(invoice.updatedAt), disposition: "forwarded",
                                     rawJSON: String(decoding: invoice.rawJSON, as: UTF8.self))
            switch try window.fetch(invoice, client: client, record: record) {
            case .hold(let reason, let detail, let file, let sha, let retryable):
                let explanation = reason.explanation(detail: detail)
                var row = record
                row.disposition = "held"
                row.decision = .hold(reason: reason)
                row.reason = explanation
                row.heldFile = file
                row.attachmentSHA256 = sha
                row.retryable = retryable
                held.append(row)
                summary.held[explanation.components(separatedBy: ":").first ?? explanation, default: 0] += 1
            case .forward(let path, let facts, let type):
                defer { unlink(path) }
                do {
                    var document = try InvoiceDocument(
                        recordID: invoice.id, kind: kind, counterpartyName: invoice.counterpartyName,
                        invoiceNumber: invoice.invoiceNumber, originalFileName: SyncWindow.fileName(invoice, type: type),
                        attachmentType: type, byteCount: facts.size, attachmentSHA256: facts.sha256, contentHash: contentHash)
                    document.replaces = try replacement(of: invoice, fileSHA256: facts.sha256, contentHash: contentHash)
                    let message = try composer.spool(document, attachmentPath: path, from: sender, to: inbox,
                                                     body: renderer.body(for: document), now: now)
                    var row = record
                    row.attachmentSHA256 = facts.sha256
                    var evidence = WindowMatcher.evidence(invoice)
                    evidence.fileSHA256 = facts.sha256
                    items.append(WindowMatcher.Item(key: key, message: message, record: row, evidence: evidence,
                                                    learnable: LearnCounterparty.entry(for: invoice, kind: kind)))
                } catch let error as FacteurCoreError {
                    // A record that cannot become a valid mail waits for a person; it must not block the rest.
                    var row = record
                    row.disposition = "held"
                    row.decision = .hold(reason: .cannotCompose)
                    row.reason = HoldReason.cannotCompose.explanation(detail: error.message)
                    row.attachmentSHA256 = facts.sha256
                    held.append(row)
                    summary.held["cannot compose", default: 0] += 1
                }
            }
        }
    }
}
