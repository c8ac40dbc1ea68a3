import FacteurCore
import Foundation
import Logging
import QontoAPI
import Store

/// Counterparty resolution for one window, at its end: every composed invoice of the window is
/// scored at once (so invoice↔transaction reconciliation is one-to-one across the window), then
/// checked against the ledger. Invoices that do not clear the threshold, or that look already
/// booked, are queued `held` with the explanation instead of `queued`.
struct WindowMatcher {
    let configuration: FacteurConfiguration
    let store: any WorkspaceStore
    let kind: InvoiceKind

    /// One composed invoice of the window: its outbox row, its record row and what the matcher reads
    /// of it (never the whole Qonto record nor its file, so a window's items stay small).
    struct Item {
        /// Which record it is.
        var key: RecordKey
        var message: NewOutboxMessage
        var record: QontoRecord
        var evidence: InvoiceEvidence
        /// The directory entry a forward as a new counterparty would teach, read from the Qonto
        /// record when it was examined (``LearnCounterparty/entry(for:kind:)``), so nothing parses
        /// the stored record again to learn it.
        var learnable: Counterparty?
        /// What was decided, once decided.
        var decision: InvoiceDecision?
    }

    /// Decides every item in place: sets state, decision and match facts. The matcher's
    /// forwards then go through ``DuplicateCheck`` against the ledger, the records Facteur already
    /// forwarded, and the window's own earlier records (in record-id order, so the order Qonto
    /// lists them in changes nothing).
    func decide(_ items: inout [Item], transactions: [TransactionEvidence], now: Date) throws {
        guard !items.isEmpty else { return }
        let directory = try store.counterparties.all(kind: kind)
        let matcher = CounterpartyMatcher(directory: directory, weights: try configuration.matching.weights(),
                                          company: configuration.matching.company)
        let results = matcher.matchWindow(items.map(\.evidence), transactions: transactions)
        let byRecord = Dictionary(results.map { ($0.recordID, $0) }, uniquingKeysWith: { first, _ in first })
        let ledger = store.ledger
        let records = store.records
        let order = items.indices.sorted { items[$0].evidence.recordID < items[$1].evidence.recordID }
        var windowForwards: [InvoiceEvidence] = []
        for index in order {
            guard var result = byRecord[items[index].evidence.recordID] else { continue }
            if result.decision == .forward || items[index].evidence.status.map(DuplicateCheck.refusedStatuses.contains) == true {
                let ids = result.counterparty.map { DuplicateCheck.entries(sameCompanyAs: $0, in: directory) } ?? []
                let booked = try ledger.invoices(counterpartyIDs: ids.sorted()).map(Self.booked)
                let earlier = try records.forwarded(recordType: kind.qontoType, sha256: items[index].evidence.fileSHA256,
                                                    counterpartyIDs: ids.sorted())
                    .compactMap(Self.evidence(of:)) + windowForwards
                let check = DuplicateCheck(ledger: booked, earlier: earlier, dedupDays: configuration.matching.dedupDays)
                result = check.screen(result, invoice: items[index].evidence, directory: directory)
            }
            if result.decision == .forward { windowForwards.append(items[index].evidence) }
            let decision = InvoiceDecision(result, learn: items[index].learnable)
            items[index].decision = decision
            items[index].record.decision = decision
            items[index].record.counterpartyID = result.counterparty?.id
            items[index].record.matchScore = result.score
            items[index].record.matchExplanation = result.explanation
            if !decision.forwards {
                items[index].message.initialState = .held
                items[index].message.holdReason = result.explanation
            }
        }
    }

    /// A ledger row as the duplicate check reads it.
    static func booked(_ row: LedgerInvoice) -> BookedInvoice {
        BookedInvoice(source: row.source, sourceRef: row.sourceRef, counterpartyID: row.counterpartyID, invoiceNumber: row.invoiceNumber,
                      amount: row.amountCents.map { Decimal($0) / 100 }, date: row.date, isCreditNote: row.isCreditNote,
                      label: row.label)
    }

    /// What the duplicate check reads of a record Facteur forwarded before (its Qonto JSON as stored).
    static func evidence(of record: QontoRecord) -> InvoiceEvidence? {
        guard let kind = InvoiceKind.allCases.first(where: { $0.qontoType == record.recordType }),
              let json = try? JSONSerialization.jsonObject(with: Data(record.rawJSON.utf8)) as? [String: Any],
              let invoice = try? QontoInvoice(kind: kind, json: json) else { return nil }
        var evidence = Self.evidence(invoice)
        evidence.fileSHA256 = record.attachmentSHA256
        return evidence
    }

    /// Whether two directory entries are the same company (an identifier in common).
    static func sameCompany(_ a: Counterparty, _ b: Counterparty) -> Bool {
        func equal(_ x: String?, _ y: String?) -> Bool { x != nil && x == y }
        return equal(a.siren, b.siren) || equal(a.vatNumber, b.vatNumber) || equal(a.siret, b.siret)
    }

    /// What the matcher reads of a Qonto invoice: the same fields the labelled sets carry, so the
    /// bench scores the evidence production sees (`tin` included).
    static func evidence(_ invoice: QontoInvoice) -> InvoiceEvidence {
        InvoiceEvidence(recordID: invoice.id, kind: invoice.kind, counterpartyName: invoice.counterpartyName,
                        vatNumber: invoice.vatNumber, siren: invoice.tin, iban: invoice.iban, amount: invoice.decimalAmount,
                        currency: invoice.currency, issueDate: invoice.issueDate, invoiceNumber: invoice.invoiceNumber,
                        isCreditNote: invoice.isCreditNote, status: invoice.status, hasDuplicates: invoice.hasDuplicates,
                        matchedTransactionIDs: invoice.matchedTransactionIDs)
    }
}
