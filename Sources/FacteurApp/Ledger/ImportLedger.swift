import FacteurCore
public import Foundation
public import Store

/// `facteur ledger import FILE`: a FEC export (the French standard ledger file, as Pennylane
/// exports it) becomes directory entries (its 401/411 third-party accounts) and ledger invoices
/// (their invoice lines), for matching and for the duplicate check. A re-import replaces the
/// previous one.
public struct ImportLedger: Sendable {
    /// The workspace's store.
    public let store: any WorkspaceStore

    /// Creates the use case.
    public init(store: any WorkspaceStore) {
        self.store = store
    }

    /// What an import did.
    public struct Summary: Sendable, Codable, Hashable {
        /// Lines read.
        public var entries = 0
        /// Third-party accounts (suppliers and customers).
        public var thirdParties = 0
        /// Invoice and credit-note lines kept for the duplicate check (payments are not).
        public var invoices = 0
    }

    /// Imports a FEC file.
    /// - Throws: ``AppError`` `.io` (unreadable file), `FECParseError` naming the line and column.
    public func run(path: String, now: Date = Date()) throws -> Summary {
        guard let data = FileManager.default.contents(atPath: path) else { throw AppError(.io, "cannot read \(path)") }
        // FEC files are often Latin-9 / Windows-1252 rather than UTF-8.
        guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .windowsCP1252) else {
            throw AppError(.refused, "\(path) is neither UTF-8 nor Windows-1252 text")
        }
        let entries = try FECParser.parse(text)
        let parties = FECThirdParty.derive(from: entries)
        var summary = Summary(entries: entries.count, thirdParties: parties.count)
        let directory = store.counterparties
        var invoices: [LedgerInvoice] = []
        let settling = Self.settlementLines(entries)
        // The document's date (PieceDate) is the invoice date; EcritureDate is when it was booked,
        // often a month end or the day it was keyed in.
        let pieceDates = Dictionary(entries.compactMap { entry in entry.pieceDate.map { (entry.line, $0) } },
                                    uniquingKeysWith: { first, _ in first })
        for kind in InvoiceKind.allCases {
            let mine = parties.filter { ($0.kind == FECThirdParty.Kind.supplier) == (kind == .supplier) }
            try directory.replace(source: "fec", kind: kind, with: mine.map {
                Counterparty(id: "fec:\($0.account)", kind: kind, name: $0.name, siren: nil, siret: nil, vatNumber: nil,
                             iban: nil, source: "fec")
            }, now: now)
            for party in mine {
                for entry in party.entries {
                    // An invoice raises the supplier's credit (401) or the customer's debit (411); a
                    // credit note is the opposite side in an entry that settles nothing (no bank or cash
                    // account), so a payment is never taken for a credit note.
                    let raises = kind == .supplier ? entry.amount > 0 : entry.amount < 0
                    let isCreditNote = !raises && entry.amount != 0 && !settling.contains(entry.line)
                    guard raises || isCreditNote else { continue }
                    invoices.append(LedgerInvoice(
                        source: "fec", sourceRef: "\(entry.journalCode):\(entry.pieceReference):\(entry.line)",
                        kind: kind.rawValue, counterpartyID: "fec:\(party.account)", invoiceNumber: entry.pieceReference,
                        amountCents: Self.cents(entry.amount), date: (pieceDates[entry.line] ?? entry.date).description,
                        label: entry.label,
                        isCreditNote: isCreditNote))
                }
            }
        }
        summary.invoices = try store.ledger.replace(source: "fec", with: invoices, now: now)
        return summary
    }

    /// The file lines of entries that move a class-5 account (bank, cash): payments and receipts,
    /// whatever their side on the third party's account.
    static func settlementLines(_ entries: [FECEntry]) -> Set<Int> {
        let settling = Set(entries.filter { $0.accountNumber.hasPrefix("5") }.map { "\($0.journalCode)|\($0.entryNumber)" })
        return Set(entries.filter { settling.contains("\($0.journalCode)|\($0.entryNumber)") }.map(\.line))
    }

    /// The absolute amount in cents (the document type says which way it goes).
    static func cents(_ amount: Decimal) -> Int64 {
        var value = amount * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .plain)
        return abs(NSDecimalNumber(decimal: rounded).int64Value)
    }
}
