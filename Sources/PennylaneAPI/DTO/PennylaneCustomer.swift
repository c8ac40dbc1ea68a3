public import FoundationEssentials

/// A customer as `GET /customers` returns it (companies and individuals). Unknown fields are
/// ignored; empty strings read as nil.
public struct PennylaneCustomer: Sendable, Hashable {
    /// Pennylane's id.
    public var id: Int
    /// The name (`name`, else `first_name last_name` for an individual).
    public var name: String
    /// `customer_type`: `company` or `individual`.
    public var customerType: String?
    /// `reg_no`: the SIREN.
    public var regNo: String?
    /// `establishment_no`: the SIRET, when present.
    public var establishmentNo: String?
    /// `vat_number`.
    public var vatNumber: String?
    /// `billing_iban`.
    public var billingIBAN: String?
    /// `ledger_account.id`: the customer's 411 sub-ledger account.
    public var ledgerAccountID: Int?
    /// `emails`.
    public var emails: [String]
    /// `external_reference`.
    public var externalReference: String?
    /// `updated_at`.
    public var updatedAt: Date?

    /// Creates a customer.
    public init(id: Int, name: String, customerType: String? = nil, regNo: String? = nil, establishmentNo: String? = nil,
                vatNumber: String? = nil, billingIBAN: String? = nil, ledgerAccountID: Int? = nil, emails: [String] = [],
                externalReference: String? = nil, updatedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.customerType = customerType
        self.regNo = regNo
        self.establishmentNo = establishmentNo
        self.vatNumber = vatNumber
        self.billingIBAN = billingIBAN
        self.ledgerAccountID = ledgerAccountID
        self.emails = emails
        self.externalReference = externalReference
        self.updatedAt = updatedAt
    }

    /// Reads one item of the list.
    /// - Throws: ``PennylaneError`` (`.decoding`) without an integer `id`.
    init(json: [String: Any]) throws(PennylaneError) {
        let person = [JSONValue.text(json["first_name"]), JSONValue.text(json["last_name"])].compactMap { $0 }.joined(separator: " ")
        self.init(id: try JSONValue.id(json, "customer"), name: JSONValue.text(json["name"]) ?? person,
                  customerType: JSONValue.text(json["customer_type"]), regNo: JSONValue.text(json["reg_no"]),
                  establishmentNo: JSONValue.text(json["establishment_no"]), vatNumber: JSONValue.text(json["vat_number"]),
                  billingIBAN: JSONValue.text(json["billing_iban"]), ledgerAccountID: JSONValue.nestedID(json["ledger_account"]),
                  emails: (json["emails"] as? [Any] ?? []).compactMap { JSONValue.text($0) },
                  externalReference: JSONValue.text(json["external_reference"]), updatedAt: JSONValue.time(json["updated_at"]))
    }
}
