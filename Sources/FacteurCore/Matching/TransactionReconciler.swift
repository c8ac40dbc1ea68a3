/// Pairs the invoices of a window with the transactions that settled them, one to one.
///
/// A candidate pair has the same amount to the cent, the matching direction (supplier invoices
/// with debits, customer invoices with credits, credit notes the other way) and dates within the
/// window. Its confidence is the name agreement between the invoice and the transaction (F4 points)
/// plus their IBAN agreement (F3 points); a pair whose names disagree without an agreeing IBAN,
/// or whose confidence is negative, is no candidate. All pairs of the window are ranked by
/// confidence, then by date distance, then by invoice and transaction id, and assigned greedily,
/// so when two invoices compete for one transaction the more confident pair wins, deterministically.
struct TransactionReconciler: Sendable {
    /// A reconciled pair and what agreed.
    struct Pair: Sendable {
        var transaction: TransactionEvidence
        /// F4 points of the invoice's name against the transaction's; `nil` when a name is missing.
        var namePoints: Double?
        var nameRatio: Double?
        /// F3 points of the invoice's IBAN against the transaction's; `nil` when one is missing.
        var ibanPoints: Double?
        /// Whether Qonto lists this transaction in the invoice's `matched_transactions`.
        var linkedByQonto = false
        var confidence: Double { (linkedByQonto ? 100 : 0) + (namePoints ?? 0) + (ibanPoints ?? 0) }
    }

    var weights: MatchingWeights

    /// The reconciled transaction of each invoice that has one, by record ID.
    func reconcile(_ invoices: [(evidence: InvoiceEvidence, identity: PartyIdentity)],
                   with transactions: [TransactionEvidence]) -> [String: Pair] {
        struct Candidate {
            var invoiceID: String
            var pair: Pair
            var distance: Int
        }
        let transactionDays = transactions.map { CalendarDay($0.date) }
        let transactionNames = transactions.map { $0.counterpartyName.map { CompanyName(BankLabel.counterpartyName($0)) } }
        let transactionIBANs = transactions.map { $0.iban.flatMap(IBAN.init) }
        var candidates: [Candidate] = []
        for (invoice, identity) in invoices {
            guard let amount = invoice.amount, let issued = invoice.issueDate.flatMap(CalendarDay.init) else { continue }
            let paysOut = (invoice.kind == .supplier) != invoice.isCreditNote
            let side: TransactionEvidence.Side = paysOut ? .debit : .credit
            for (index, transaction) in transactions.enumerated() {
                guard transaction.side == side else { continue }
                // Qonto's own invoice↔payment link settles the pair, whatever the dates and labels.
                if invoice.matchedTransactionIDs.contains(transaction.id) {
                    var pair = Pair(transaction: transaction)
                    pair.linkedByQonto = true
                    if let invoiceIBAN = identity.iban, let iban = transactionIBANs[index] {
                        pair.ibanPoints = invoiceIBAN == iban ? weights.ibanAgreement : weights.ibanDisagreement
                    }
                    candidates.append(Candidate(invoiceID: invoice.recordID, pair: pair, distance: 0))
                    continue
                }
                guard transaction.amount == amount, let day = transactionDays[index] else { continue }
                // Paid up to the window before the issue date (a deposit), or within payment terms after it.
                let offset = day.dayNumber - issued.dayNumber
                guard offset >= -weights.transactionWindowDays,
                      offset <= max(weights.transactionWindowDays, weights.paymentTermsDays) else { continue }
                let distance = abs(offset)
                var pair = Pair(transaction: transaction)
                if let invoiceName = identity.name, let name = transactionNames[index], !name.isEmpty {
                    let comparison = NameSimilarity.compare(invoiceName, name)
                    pair.namePoints = weights.namePoints(comparison)
                    pair.nameRatio = comparison.ratio
                }
                if let invoiceIBAN = identity.iban, let iban = transactionIBANs[index] {
                    pair.ibanPoints = invoiceIBAN == iban ? weights.ibanAgreement : weights.ibanDisagreement
                }
                let ibanAgrees = (pair.ibanPoints ?? 0) > 0
                if (pair.namePoints ?? 0) < 0 && !ibanAgrees { continue }
                if pair.confidence < 0 { continue }
                candidates.append(Candidate(invoiceID: invoice.recordID, pair: pair, distance: distance))
            }
        }
        candidates.sort { a, b in
            if a.pair.confidence != b.pair.confidence { return a.pair.confidence > b.pair.confidence }
            if a.distance != b.distance { return a.distance < b.distance }
            if a.invoiceID != b.invoiceID { return a.invoiceID < b.invoiceID }
            return a.pair.transaction.id < b.pair.transaction.id
        }
        var assigned: [String: Pair] = [:]
        var usedTransactions: Set<String> = []
        for candidate in candidates where assigned[candidate.invoiceID] == nil
            && !usedTransactions.contains(candidate.pair.transaction.id) {
            assigned[candidate.invoiceID] = candidate.pair
            usedTransactions.insert(candidate.pair.transaction.id)
        }
        return assigned
    }
}
