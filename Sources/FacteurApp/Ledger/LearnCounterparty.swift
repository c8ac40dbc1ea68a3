import FacteurCore
import QontoAPI
import Store

/// What Facteur learns from its own forwards: when a window forwards the invoice of a counterparty
/// that was new to the directory, that counterparty — with the identifiers its invoice carried —
/// becomes a directory entry (source `learned`) in the window's own commit, so the next windows are
/// matched on it.
///
/// Learned at the window's commit, not when the relay accepts the mail: `facteur run` sends between
/// windows and `facteur sync` then `deliver` sends after them all, and the same data must give the
/// same decisions either way (issue 11, rule 7).
enum LearnCounterparty {
    /// The entries a window's decisions teach: each forward as a new counterparty whose invoice
    /// carried a valid VAT number or IBAN (``InvoiceDecision/counterpartyToLearn``, decided in
    /// the window from the typed decision, never from its wording nor the stored Qonto record).
    static func fromWindow(_ items: [WindowMatcher.Item]) -> [Counterparty] {
        var entries: [String: Counterparty] = [:]
        for item in items {
            guard let entry = item.decision?.counterpartyToLearn else { continue }
            entries[entry.id] = entry
        }
        return entries.keys.sorted().compactMap { entries[$0] }
    }

    /// The directory entry for an invoice's counterparty, when it has an identifier worth keeping.
    static func entry(for invoice: QontoInvoice, kind: InvoiceKind) -> Counterparty? {
        let vat = invoice.vatNumber.flatMap(VATNumber.init)
        let iban = invoice.iban.flatMap(IBAN.init)
        guard let name = invoice.counterpartyName, vat != nil || iban != nil else { return nil }
        let key = invoice.counterpartyID ?? CompanyName(name).normalized
        return Counterparty(id: "learned:\(kind.rawValue):\(key)", kind: kind, name: name, siren: vat?.siren?.description,
                            siret: nil, vatNumber: vat?.description, iban: iban?.description, source: "learned")
    }
}
