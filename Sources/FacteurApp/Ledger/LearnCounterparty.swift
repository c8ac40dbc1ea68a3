import FacteurCore
import Foundation
import QontoAPI
import Store

/// What Facteur learns from its own confirmed forwards: once the relay accepted the invoice of a
/// counterparty that was new to the directory, that counterparty — with the identifiers its invoice
/// carried — becomes a directory entry (source `learned`), so the next invoices are matched on them.
enum LearnCounterparty {
    /// Records the counterparty of a message the server just accepted, when it was new and carried
    /// a valid VAT number or IBAN. Never fails the delivery: a learning that cannot be recorded is skipped.
    static func fromSent(_ message: OutboxMessage, database: FacteurDatabase, now: Date) {
        guard let kind = InvoiceKind.allCases.first(where: { $0.qontoType == message.recordType }),
              let record = try? QontoRecords(database: database).latest(recordType: message.recordType, recordID: message.recordID),
              record.counterpartyID == nil, record.matchExplanation?.hasPrefix("new counterparty") == true,
              let json = try? JSONSerialization.jsonObject(with: Data(record.rawJSON.utf8)) as? [String: Any],
              let invoice = try? QontoInvoice(kind: kind, json: json),
              let entry = entry(for: invoice, kind: kind) else { return }
        _ = try? CounterpartyDirectory(database: database).upsert([entry], now: now)
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
