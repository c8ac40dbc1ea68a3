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
    let database: FacteurDatabase
    let kind: InvoiceKind

    /// One composed invoice of the window: its outbox row, its record row and what the matcher reads
    /// of it (never the whole Qonto record nor its file, so a window's items stay small).
    struct Item {
        var message: NewOutboxMessage
        var record: QontoRecord
        var evidence: InvoiceEvidence
    }

    /// Decides every item in place: sets state, hold reason and match facts.
    func decide(_ items: inout [Item], transactions: [TransactionEvidence], now: Date) throws {
        guard !items.isEmpty else { return }
        let directory = try CounterpartyDirectory(database: database).all(kind: kind)
        let matcher = CounterpartyMatcher(directory: directory, weights: try configuration.matching.weights())
        let results = matcher.matchWindow(items.map(\.evidence), transactions: transactions)
        let byRecord = Dictionary(results.map { ($0.recordID, $0) }, uniquingKeysWith: { first, _ in first })
        let ledger = LedgerInvoices(database: database)
        for index in items.indices {
            guard let result = byRecord[items[index].evidence.recordID] else { continue }
            var explanation = result.explanation
            var hold = result.decision == .hold
            if !hold, let counterparty = result.counterparty,
               let duplicate = try duplicate(of: items[index].evidence, counterparty: counterparty, directory: directory, ledger: ledger) {
                hold = true
                explanation = "likely already in the ledger: \(duplicate) — \(explanation)"
            }
            items[index].record.counterpartyID = result.counterparty?.id
            items[index].record.matchScore = result.score
            items[index].record.matchExplanation = explanation
            if hold {
                items[index].message.initialState = .held
                items[index].message.holdReason = explanation
            }
        }
    }

    /// A ledger invoice the resolved counterparty (or an entry sharing its identifiers) already has
    /// with the same number, or the same amount within the dedup window; described in one line.
    private func duplicate(of invoice: InvoiceEvidence, counterparty: Counterparty, directory: [Counterparty],
                           ledger: LedgerInvoices) throws -> String? {
        let cents = invoice.amount.map { NSDecimalNumber(decimal: $0 * 100).int64Value }.map { abs($0) }
        let key = invoice.invoiceNumber.flatMap(LedgerInvoice.numberKey)
        let same = directory.filter { Self.sameCompany($0, counterparty) }.map(\.id) + [counterparty.id]
        for id in Set(same).sorted() {
            let found = try ledger.candidates(counterpartyID: id, numberKey: key, amountCents: cents, date: invoice.issueDate,
                                              days: configuration.matching.dedupDays)
            if let hit = found.first {
                let how = key != nil && hit.invoiceNumberKey == key ? "number \(hit.invoiceNumber ?? "")" : "same amount"
                return "\(hit.source) \(hit.sourceRef) (\(how), \(hit.date ?? "no date"))"
            }
        }
        return nil
    }

    /// Whether two directory entries are the same company (an identifier in common).
    static func sameCompany(_ a: Counterparty, _ b: Counterparty) -> Bool {
        func equal(_ x: String?, _ y: String?) -> Bool { x != nil && x == y }
        return equal(a.siren, b.siren) || equal(a.vatNumber, b.vatNumber) || equal(a.siret, b.siret)
    }

    /// What the matcher reads of a Qonto invoice.
    static func evidence(_ invoice: QontoInvoice) -> InvoiceEvidence {
        InvoiceEvidence(recordID: invoice.id, kind: invoice.kind, counterpartyName: invoice.counterpartyName,
                        vatNumber: invoice.vatNumber, siren: nil, iban: invoice.iban, amount: invoice.decimalAmount,
                        currency: invoice.currency, issueDate: invoice.issueDate, invoiceNumber: invoice.invoiceNumber,
                        isCreditNote: invoice.isCreditNote)
    }
}
