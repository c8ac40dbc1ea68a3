public import FoundationEssentials

/// An invoice already in the books, as the duplicate check sees it: a Pennylane invoice (read only,
/// possibly received as an e-invoice) or a line of a FEC export.
public struct BookedInvoice: Hashable, Sendable, Codable {
    /// `pennylane` or `fec`.
    public var source: String
    /// Its id in the source (Pennylane id; FEC journal and entry number).
    public var sourceRef: String
    /// The directory entry of its counterparty, when known.
    public var counterpartyID: String?
    /// The number as written, if any.
    public var invoiceNumber: String?
    /// The total including tax, positive.
    public var amount: Decimal?
    /// The date it was booked under, `YYYY-MM-DD` (an issue date, sometimes a due date).
    public var date: String?
    /// Whether it is a credit note.
    public var isCreditNote: Bool
    /// Whether Pennylane received it through e-invoicing (its platform, not a file Facteur sent).
    public var isEInvoice: Bool
    /// Its label (a FEC line's `EcritureLib`), where the supplier's number often is when the
    /// number field holds the journal's piece number; optional.
    public var label: String?

    /// Creates a booked invoice.
    public init(source: String, sourceRef: String, counterpartyID: String?, invoiceNumber: String?, amount: Decimal?,
                date: String?, isCreditNote: Bool = false, isEInvoice: Bool = false, label: String? = nil) {
        self.source = source
        self.sourceRef = sourceRef
        self.counterpartyID = counterpartyID
        self.invoiceNumber = invoiceNumber
        self.amount = amount
        self.date = date
        self.isCreditNote = isCreditNote
        self.isEInvoice = isEInvoice
        self.label = label
    }

    /// Decodes a booked invoice; the two flags default to `false` when absent, the label to nil.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        source = try container.decode(String.self, forKey: .source)
        sourceRef = try container.decode(String.self, forKey: .sourceRef)
        counterpartyID = try container.decodeIfPresent(String.self, forKey: .counterpartyID)
        invoiceNumber = try container.decodeIfPresent(String.self, forKey: .invoiceNumber)
        amount = try container.decodeIfPresent(Decimal.self, forKey: .amount)
        date = try container.decodeIfPresent(String.self, forKey: .date)
        isCreditNote = try container.decodeIfPresent(Bool.self, forKey: .isCreditNote) ?? false
        isEInvoice = try container.decodeIfPresent(Bool.self, forKey: .isEInvoice) ?? false
        label = try container.decodeIfPresent(String.self, forKey: .label)
    }
}
