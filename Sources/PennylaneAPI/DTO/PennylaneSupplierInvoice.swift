public import FacteurCore
public import FoundationEssentials

/// A supplier invoice as `GET /supplier_invoices` returns it: what ledger dedup compares.
/// Amounts are decimal strings on the wire and `Decimal` here, never `Double`.
public struct PennylaneSupplierInvoice: Sendable, Hashable {
    /// Pennylane's id.
    public var id: Int
    /// `invoice_number` (nil when empty, as on OCR drafts).
    public var invoiceNumber: String?
    /// `label`.
    public var label: String?
    /// `amount`: the total including tax, in euros.
    public var amount: Decimal
    /// `currency_amount`: the total in the invoice's currency.
    public var currencyAmount: Decimal?
    /// `currency` (ISO 4217; Pennylane defaults to EUR).
    public var currency: String
    /// `date`: the issue date.
    public var date: LedgerDate?
    /// `deadline`: the due date.
    public var deadline: LedgerDate?
    /// `supplier.id`; nil when Pennylane has not linked a supplier yet.
    public var supplierID: Int?
    /// `filename`: the attached file's name.
    public var filename: String?
    /// `accounting_status`: `draft`, `archived`, `entry`, `validation_needed` or `complete`.
    public var accountingStatus: String?
    /// `payment_status`.
    public var paymentStatus: String?
    /// `external_reference`.
    public var externalReference: String?
    /// `created_at`.
    public var createdAt: Date?
    /// `updated_at`.
    public var updatedAt: Date?

    /// Creates an invoice.
    public init(id: Int, invoiceNumber: String?, label: String? = nil, amount: Decimal, currencyAmount: Decimal? = nil,
                currency: String = "EUR", date: LedgerDate?, deadline: LedgerDate? = nil, supplierID: Int?, filename: String?,
                accountingStatus: String?, paymentStatus: String? = nil, externalReference: String? = nil,
                createdAt: Date? = nil, updatedAt: Date? = nil) {
        self.id = id
        self.invoiceNumber = invoiceNumber
        self.label = label
        self.amount = amount
        self.currencyAmount = currencyAmount
        self.currency = currency
        self.date = date
        self.deadline = deadline
        self.supplierID = supplierID
        self.filename = filename
        self.accountingStatus = accountingStatus
        self.paymentStatus = paymentStatus
        self.externalReference = externalReference
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Reads one item of the list.
    /// - Throws: ``PennylaneError`` (`.decoding`) without an integer `id` or a decimal `amount`.
    init(json: [String: Any]) throws(PennylaneError) {
        let id = try JSONValue.id(json, "supplier invoice")
        guard let amount = JSONValue.decimal(json["amount"]) else {
            throw PennylaneError(.decoding, "Pennylane supplier invoice \(id) has no decimal-string \"amount\"")
        }
        self.init(id: id, invoiceNumber: JSONValue.text(json["invoice_number"]), label: JSONValue.text(json["label"]),
                  amount: amount, currencyAmount: JSONValue.decimal(json["currency_amount"]),
                  currency: JSONValue.text(json["currency"]) ?? "EUR", date: JSONValue.date(json["date"]),
                  deadline: JSONValue.date(json["deadline"]), supplierID: JSONValue.nestedID(json["supplier"]),
                  filename: JSONValue.text(json["filename"]), accountingStatus: JSONValue.text(json["accounting_status"]),
                  paymentStatus: JSONValue.text(json["payment_status"]), externalReference: JSONValue.text(json["external_reference"]),
                  createdAt: JSONValue.time(json["created_at"]), updatedAt: JSONValue.time(json["updated_at"]))
    }
}
