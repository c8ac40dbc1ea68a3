public import FoundationEssentials

/// A settled Qonto bank transaction that an invoice may reconcile with.
public struct TransactionEvidence: Hashable, Sendable, Codable {
    /// Which way the money moved.
    public enum Side: String, Hashable, Sendable, Codable {
        /// Money left the account (a supplier was paid, or a customer refunded).
        case debit
        /// Money came in (a customer paid, or a supplier refunded).
        case credit
    }

    /// The Qonto transaction ID.
    public var id: String
    /// The amount, positive; ``side`` says which way it went.
    public var amount: Decimal
    /// Debit or credit.
    public var side: Side
    /// The settlement date, `YYYY-MM-DD`.
    public var date: String
    /// The counterparty name from the bank (SEPA name or card merchant label).
    public var counterpartyName: String?
    /// The counterparty's IBAN, for transfers.
    public var iban: String?

    /// Creates transaction evidence.
    public init(id: String, amount: Decimal, side: Side, date: String, counterpartyName: String? = nil, iban: String? = nil) {
        self.id = id
        self.amount = amount
        self.side = side
        self.date = date
        self.counterpartyName = counterpartyName
        self.iban = iban
    }
}
