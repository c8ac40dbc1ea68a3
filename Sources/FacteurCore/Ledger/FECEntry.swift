public import FoundationEssentials

/// One line of a FEC (Fichier des Écritures Comptables, article A47 A-1 of the Livre des
/// procédures fiscales): one debit or credit of one account within one accounting entry.
///
/// Property names are English; each doc comment gives the standard column name.
public struct FECEntry: Sendable, Hashable {
    /// `JournalCode`, e.g. `HA` (purchases), `VT` (sales), `BQ` (bank).
    public var journalCode: String
    /// `JournalLib`, e.g. `Achats`.
    public var journalLabel: String
    /// `EcritureNum`: the entry (all its lines share it).
    public var entryNumber: String
    /// `EcritureDate`: the accounting date.
    public var entryDate: LedgerDate
    /// `CompteNum`: the general-ledger account, e.g. `401000`, `60610000`.
    public var accountNumber: String
    /// `CompteLib`.
    public var accountLabel: String
    /// `CompAuxNum`: the auxiliary (third-party) account; nil when the column is empty.
    public var auxiliaryAccountNumber: String?
    /// `CompAuxLib`; nil when empty.
    public var auxiliaryAccountLabel: String?
    /// `PieceRef`: the supporting document's reference (often the invoice number).
    public var pieceReference: String
    /// `PieceDate`: the supporting document's date; nil when empty.
    public var pieceDate: LedgerDate?
    /// `EcritureLib`: the line's label.
    public var label: String
    /// `Debit` (zero when empty).
    public var debit: Decimal
    /// `Credit` (zero when empty).
    public var credit: Decimal
    /// `EcritureLet`: the lettering (matching) code; nil when unlettered.
    public var letteringCode: String?
    /// `DateLet`: when it was lettered; nil when empty.
    public var letteringDate: LedgerDate?
    /// `ValidDate`: when the entry was validated; nil when empty.
    public var validationDate: LedgerDate?
    /// `Montantdevise`: the amount in the foreign currency; nil when empty.
    public var currencyAmount: Decimal?
    /// `Idevise`: the ISO currency code of `currencyAmount`; nil when empty.
    public var currency: String?
    /// The 1-based line of the file this entry came from (the header is line 1).
    public var line: Int

    /// Creates an entry.
    public init(journalCode: String, journalLabel: String, entryNumber: String, entryDate: LedgerDate,
                accountNumber: String, accountLabel: String, auxiliaryAccountNumber: String?, auxiliaryAccountLabel: String?,
                pieceReference: String, pieceDate: LedgerDate?, label: String, debit: Decimal, credit: Decimal,
                letteringCode: String?, letteringDate: LedgerDate?, validationDate: LedgerDate?,
                currencyAmount: Decimal?, currency: String?, line: Int) {
        self.journalCode = journalCode
        self.journalLabel = journalLabel
        self.entryNumber = entryNumber
        self.entryDate = entryDate
        self.accountNumber = accountNumber
        self.accountLabel = accountLabel
        self.auxiliaryAccountNumber = auxiliaryAccountNumber
        self.auxiliaryAccountLabel = auxiliaryAccountLabel
        self.pieceReference = pieceReference
        self.pieceDate = pieceDate
        self.label = label
        self.debit = debit
        self.credit = credit
        self.letteringCode = letteringCode
        self.letteringDate = letteringDate
        self.validationDate = validationDate
        self.currencyAmount = currencyAmount
        self.currency = currency
        self.line = line
    }

    /// `Credit − Debit`: positive when the account is credited.
    public var creditMinusDebit: Decimal { credit - debit }
}
