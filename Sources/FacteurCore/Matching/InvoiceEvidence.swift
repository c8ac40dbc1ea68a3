public import FoundationEssentials

/// What a Qonto invoice record says about its counterparty, as Qonto's OCR or the user filled it in.
///
/// All text is untrusted and may be malformed; identifiers are parsed by the matcher.
public struct InvoiceEvidence: Hashable, Sendable, Codable {
    /// The Qonto record ID.
    public var recordID: String
    /// Supplier or customer invoice.
    public var kind: InvoiceKind
    /// Qonto's counterparty name (`supplier_name`, or the client's name).
    public var counterpartyName: String?
    /// Qonto's `vat_number`.
    public var vatNumber: String?
    /// Qonto's `tin`: usually a SIREN or SIRET for French counterparties.
    public var siren: String?
    /// Qonto's `iban`.
    public var iban: String?
    /// The total amount including tax, positive (also for credit notes).
    public var amount: Decimal?
    /// The ISO 4217 currency code.
    public var currency: String?
    /// The issue date, `YYYY-MM-DD`.
    public var issueDate: String?
    /// The invoice number as printed.
    public var invoiceNumber: String?
    /// Whether the document is a credit note (money flows the other way).
    public var isCreditNote: Bool
    /// Qonto's `status` (`to_review`, `paid`, `rejected`, `discarded`, … an open set).
    public var status: String?
    /// Qonto's `has_duplicates`: Qonto itself holds another upload of this document.
    public var hasDuplicates: Bool
    /// Qonto's `matched_transactions`: the transactions Qonto (or a person in Qonto) linked it with.
    public var matchedTransactionIDs: [String]
    /// SHA-256 of the file, when known (an upload of the same bytes is the same document).
    public var fileSHA256: String?

    /// Creates invoice evidence.
    public init(recordID: String, kind: InvoiceKind, counterpartyName: String? = nil, vatNumber: String? = nil,
                siren: String? = nil, iban: String? = nil, amount: Decimal? = nil, currency: String? = nil,
                issueDate: String? = nil, invoiceNumber: String? = nil, isCreditNote: Bool = false,
                status: String? = nil, hasDuplicates: Bool = false, matchedTransactionIDs: [String] = [],
                fileSHA256: String? = nil) {
        self.recordID = recordID
        self.kind = kind
        self.counterpartyName = counterpartyName
        self.vatNumber = vatNumber
        self.siren = siren
        self.iban = iban
        self.amount = amount
        self.currency = currency
        self.issueDate = issueDate
        self.invoiceNumber = invoiceNumber
        self.isCreditNote = isCreditNote
        self.status = status
        self.hasDuplicates = hasDuplicates
        self.matchedTransactionIDs = matchedTransactionIDs
        self.fileSHA256 = fileSHA256
    }

    /// Decodes evidence; every field after `invoiceNumber` is optional (flags default to `false`,
    /// lists to empty), so sets written before they existed still load.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        recordID = try container.decode(String.self, forKey: .recordID)
        kind = try container.decode(InvoiceKind.self, forKey: .kind)
        counterpartyName = try container.decodeIfPresent(String.self, forKey: .counterpartyName)
        vatNumber = try container.decodeIfPresent(String.self, forKey: .vatNumber)
        siren = try container.decodeIfPresent(String.self, forKey: .siren)
        iban = try container.decodeIfPresent(String.self, forKey: .iban)
        amount = try container.decodeIfPresent(Decimal.self, forKey: .amount)
        currency = try container.decodeIfPresent(String.self, forKey: .currency)
        issueDate = try container.decodeIfPresent(String.self, forKey: .issueDate)
        invoiceNumber = try container.decodeIfPresent(String.self, forKey: .invoiceNumber)
        isCreditNote = try container.decodeIfPresent(Bool.self, forKey: .isCreditNote) ?? false
        status = try container.decodeIfPresent(String.self, forKey: .status)
        hasDuplicates = try container.decodeIfPresent(Bool.self, forKey: .hasDuplicates) ?? false
        matchedTransactionIDs = try container.decodeIfPresent([String].self, forKey: .matchedTransactionIDs) ?? []
        fileSHA256 = try container.decodeIfPresent(String.self, forKey: .fileSHA256)
    }
}
