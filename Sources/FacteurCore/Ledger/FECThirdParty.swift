public import FoundationEssentials

/// A supplier or customer as a FEC ledger knows it, with its lines: what Facteur matches Qonto
/// counterparties and invoices against when it has the ledger export rather than the API.
///
/// A line belongs to a third party when its `CompteNum` starts with `401` (suppliers) or `411`
/// (customers). The third party's account is `CompAuxNum` when the export uses auxiliary
/// accounts, else the `CompteNum` itself (`401ACME`, `4110042`); its name is `CompAuxLib`, else
/// `CompteLib` (the first non-empty one met).
public struct FECThirdParty: Sendable, Hashable {
    /// Which side of the ledger.
    public enum Kind: String, Sendable, Hashable {
        /// A `401…` account.
        case supplier
        /// A `411…` account.
        case customer
    }

    /// One line of a third party's account.
    public struct Entry: Sendable, Hashable {
        /// `EcritureDate`.
        public var date: LedgerDate
        /// `Credit − Debit` of the line. For a supplier an invoice is positive and a payment or a
        /// credit note negative; for a customer an invoice is negative and a receipt positive.
        public var amount: Decimal
        /// `PieceRef` (often the invoice number).
        public var pieceReference: String
        /// `EcritureLib`.
        public var label: String
        /// `JournalCode`.
        public var journalCode: String
        /// `EcritureLet`, when lettered.
        public var letteringCode: String?
        /// The file line.
        public var line: Int
    }

    /// `CompAuxNum`, or `CompteNum` when the export has no auxiliary accounts.
    public var account: String
    /// `CompAuxLib`, or `CompteLib`.
    public var name: String
    /// Supplier (401) or customer (411).
    public var kind: Kind
    /// Its lines, in file order.
    public var entries: [Entry]

    /// The third parties of a ledger, in order of first appearance; lines of other accounts are skipped.
    public static func derive(from entries: [FECEntry]) -> [FECThirdParty] {
        var parties: [FECThirdParty] = []
        var positions: [String: Int] = [:]
        for entry in entries {
            let kind: Kind
            if entry.accountNumber.hasPrefix("401") { kind = .supplier }
            else if entry.accountNumber.hasPrefix("411") { kind = .customer }
            else { continue }
            let account = entry.auxiliaryAccountNumber ?? entry.accountNumber
            let name = entry.auxiliaryAccountLabel ?? entry.accountLabel
            let line = Entry(date: entry.entryDate, amount: entry.creditMinusDebit, pieceReference: entry.pieceReference,
                             label: entry.label, journalCode: entry.journalCode, letteringCode: entry.letteringCode, line: entry.line)
            let key = "\(kind.rawValue)|\(account)"
            if let position = positions[key] {
                parties[position].entries.append(line)
                if parties[position].name.isEmpty { parties[position].name = name }
            } else {
                positions[key] = parties.count
                parties.append(FECThirdParty(account: account, name: name, kind: kind, entries: [line]))
            }
        }
        return parties
    }
}
