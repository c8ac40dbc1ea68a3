/// What a person recognises an invoice by, as Qonto described it: who, which number, how much,
/// when, which file. Every field is optional because Qonto may leave any of them out (a Document
/// Review item has no amount; a record fetched again may not have been read yet).
///
/// Read from the stored Qonto record by Store, so the pages never parse Qonto's JSON themselves.
public struct InvoiceFacts: Sendable, Codable, Hashable {
    /// The supplier's or the client's name.
    public var counterpartyName: String?
    /// The invoice number.
    public var invoiceNumber: String?
    /// The total, exactly as Qonto sent it (`"1234.56"`), never a floating-point number.
    public var amount: String?
    /// The currency of the total (`EUR`).
    public var currency: String?
    /// The issue date, `YYYY-MM-DD`.
    public var issueDate: String?
    /// The original file name.
    public var fileName: String?

    /// Creates the facts.
    public init(counterpartyName: String? = nil, invoiceNumber: String? = nil, amount: String? = nil,
                currency: String? = nil, issueDate: String? = nil, fileName: String? = nil) {
        self.counterpartyName = counterpartyName
        self.invoiceNumber = invoiceNumber
        self.amount = amount
        self.currency = currency
        self.issueDate = issueDate
        self.fileName = fileName
    }

    /// Whether no fact is known.
    public var isEmpty: Bool {
        [counterpartyName, invoiceNumber, amount, currency, issueDate, fileName].allSatisfy { $0?.isEmpty ?? true }
    }
}

/// What fits a problem once its cause is understood.
public enum ProblemAction: String, Sendable, Codable, Hashable {
    /// Try again after fixing the cause (a refused message, a file not downloadable yet).
    case retry
    /// Send a message held for a person's review as it is (the review found it right).
    case release
    /// Set it aside: what was held is not an invoice Pennylane can read (a Document Review item,
    /// an XML or other unsupported file); retrying would hold it again.
    case dismiss
}

/// A person set a problem aside as not an invoice: it leaves the waiting list but stays listed
/// (and in the mail log) until it is undone.
public struct Dismissal: Sendable, Codable, Hashable {
    /// The dismissal's ID (what the undo action takes).
    public var id: Int64
    /// Why, as the person wrote it.
    public var reason: String
    /// When (Timestamp format).
    public var at: String
    /// Who or what asked ("the status page").
    public var by: String

    /// Creates a dismissal.
    public init(id: Int64, reason: String, at: String, by: String) {
        self.id = id
        self.reason = reason
        self.at = at
        self.by = by
    }
}
