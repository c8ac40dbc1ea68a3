public import FoundationEssentials

/// A supplier as `GET /suppliers` returns it: the fields counterparty matching needs. Unknown
/// fields are ignored; empty strings read as nil.
public struct PennylaneSupplier: Sendable, Hashable {
    /// Pennylane's id.
    public var id: Int
    /// The name.
    public var name: String
    /// `reg_no`: the SIREN (9 digits), as Pennylane has it.
    public var regNo: String?
    /// `establishment_no`: the SIRET (14 digits).
    public var establishmentNo: String?
    /// `vat_number`.
    public var vatNumber: String?
    /// `iban`.
    public var iban: String?
    /// `ledger_account.id`: the supplier's 401 sub-ledger account.
    public var ledgerAccountID: Int?
    /// `emails`.
    public var emails: [String]
    /// `external_reference`.
    public var externalReference: String?
    /// `updated_at`.
    public var updatedAt: Date?

    /// Creates a supplier.
    public init(id: Int, name: String, regNo: String? = nil, establishmentNo: String? = nil, vatNumber: String? = nil,
                iban: String? = nil, ledgerAccountID: Int? = nil, emails: [String] = [], externalReference: String? = nil,
                updatedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.regNo = regNo
        self.establishmentNo = establishmentNo
        self.vatNumber = vatNumber
        self.iban = iban
        self.ledgerAccountID = ledgerAccountID
        self.emails = emails
        self.externalReference = externalReference
        self.updatedAt = updatedAt
    }

    /// Reads one item of the list.
    /// - Throws: ``PennylaneError`` (`.decoding`) without an integer `id`.
    init(json: [String: Any]) throws(PennylaneError) {
        self.init(id: try JSONValue.id(json, "supplier"), name: JSONValue.text(json["name"]) ?? "",
                  regNo: JSONValue.text(json["reg_no"]), establishmentNo: JSONValue.text(json["establishment_no"]),
                  vatNumber: JSONValue.text(json["vat_number"]), iban: JSONValue.text(json["iban"]),
                  ledgerAccountID: JSONValue.nestedID(json["ledger_account"]),
                  emails: (json["emails"] as? [Any] ?? []).compactMap { JSONValue.text($0) },
                  externalReference: JSONValue.text(json["external_reference"]), updatedAt: JSONValue.time(json["updated_at"]))
    }
}
