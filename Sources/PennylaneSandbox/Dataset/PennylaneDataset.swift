public import Foundation

/// The records a ``PennylaneSandbox`` serves, typed so tests can seed exactly what they need; the
/// sandbox renders them in the documented v2 shapes (with the fields Facteur does not read, too).
public struct PennylaneDataset: Sendable {
    /// A supplier (`GET /suppliers`).
    public struct Supplier: Sendable, Hashable {
        /// `id`.
        public var id: Int
        /// `name`.
        public var name: String
        /// `reg_no` (SIREN).
        public var regNo: String?
        /// `establishment_no` (SIRET).
        public var establishmentNo: String?
        /// `vat_number` (rendered `""` when nil, as Pennylane does).
        public var vatNumber: String?
        /// `iban` (rendered `""` when nil).
        public var iban: String?
        /// `ledger_account.id`.
        public var ledgerAccountID: Int?
        /// `emails`.
        public var emails: [String]
        /// `created_at` and `updated_at`.
        public var updatedAt: Date

        /// Creates a supplier.
        public init(id: Int, name: String, regNo: String? = nil, establishmentNo: String? = nil, vatNumber: String? = nil,
                    iban: String? = nil, ledgerAccountID: Int? = nil, emails: [String] = [], updatedAt: Date = Date(timeIntervalSince1970: 1_767_225_600)) {
            self.id = id
            self.name = name
            self.regNo = regNo
            self.establishmentNo = establishmentNo
            self.vatNumber = vatNumber
            self.iban = iban
            self.ledgerAccountID = ledgerAccountID
            self.emails = emails
            self.updatedAt = updatedAt
        }
    }

    /// A company customer (`GET /customers`).
    public struct Customer: Sendable, Hashable {
        /// `id`.
        public var id: Int
        /// `name`.
        public var name: String
        /// `reg_no` (SIREN).
        public var regNo: String?
        /// `vat_number`.
        public var vatNumber: String?
        /// `billing_iban`.
        public var billingIBAN: String?
        /// `ledger_account.id`.
        public var ledgerAccountID: Int?
        /// `created_at` and `updated_at`.
        public var updatedAt: Date

        /// Creates a customer.
        public init(id: Int, name: String, regNo: String? = nil, vatNumber: String? = nil, billingIBAN: String? = nil,
                    ledgerAccountID: Int? = nil, updatedAt: Date = Date(timeIntervalSince1970: 1_767_225_600)) {
            self.id = id
            self.name = name
            self.regNo = regNo
            self.vatNumber = vatNumber
            self.billingIBAN = billingIBAN
            self.ledgerAccountID = ledgerAccountID
            self.updatedAt = updatedAt
        }
    }

    /// A supplier invoice (`GET /supplier_invoices`).
    public struct SupplierInvoice: Sendable, Hashable {
        /// `id`.
        public var id: Int
        /// `invoice_number`.
        public var invoiceNumber: String
        /// `amount`, a decimal string such as `"230.32"` (also `currency_amount`).
        public var amount: String
        /// `currency`.
        public var currency: String
        /// `date`, `YYYY-MM-DD`.
        public var date: String
        /// `supplier.id`; nil renders `"supplier": null` (an unprocessed draft).
        public var supplierID: Int?
        /// `filename`.
        public var filename: String?
        /// `accounting_status`.
        public var accountingStatus: String
        /// `created_at` and `updated_at`.
        public var updatedAt: Date

        /// Creates an invoice.
        public init(id: Int, invoiceNumber: String, amount: String, currency: String = "EUR", date: String, supplierID: Int?,
                    filename: String? = nil, accountingStatus: String = "draft", updatedAt: Date = Date(timeIntervalSince1970: 1_767_225_600)) {
            self.id = id
            self.invoiceNumber = invoiceNumber
            self.amount = amount
            self.currency = currency
            self.date = date
            self.supplierID = supplierID
            self.filename = filename
            self.accountingStatus = accountingStatus
            self.updatedAt = updatedAt
        }
    }

    /// A resource with a changelog.
    public enum Resource: String, Sendable, Hashable, CaseIterable {
        /// `changelogs/suppliers`.
        case suppliers
        /// `changelogs/customers`.
        case customers
        /// `changelogs/supplier_invoices`.
        case supplierInvoices = "supplier_invoices"
    }

    /// One changelog event.
    public struct Change: Sendable, Hashable {
        /// Which log.
        public var resource: Resource
        /// The changed record's id.
        public var recordID: Int
        /// `insert`, `update` or `delete`.
        public var operation: String
        /// `processed_at`.
        public var processedAt: Date

        /// Creates a change.
        public init(resource: Resource, recordID: Int, operation: String, processedAt: Date) {
            self.resource = resource
            self.recordID = recordID
            self.operation = operation
            self.processedAt = processedAt
        }
    }

    /// The suppliers.
    public var suppliers: [Supplier]
    /// The customers.
    public var customers: [Customer]
    /// The supplier invoices.
    public var supplierInvoices: [SupplierInvoice]
    /// The changelog events, any order (served oldest first).
    public var changes: [Change]

    /// Creates a dataset.
    public init(suppliers: [Supplier] = [], customers: [Customer] = [], supplierInvoices: [SupplierInvoice] = [], changes: [Change] = []) {
        self.suppliers = suppliers
        self.customers = customers
        self.supplierInvoices = supplierInvoices
        self.changes = changes
    }
}
