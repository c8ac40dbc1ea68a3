/// A known counterparty from the directory: a Pennylane supplier or customer, an entry read from a
/// FEC export, or one Facteur learned from an operator's confirmation.
///
/// Identifiers are kept as the text the source gave; the matcher parses them and treats a
/// malformed one as absent, so a typo in the directory never counts as agreement.
public struct Counterparty: Hashable, Sendable, Codable {
    /// A stable id within the directory ("P-12", a Pennylane supplier id, …).
    public var id: String
    /// Whether this is a supplier or a customer.
    public var kind: InvoiceKind
    /// The name as recorded.
    public var name: String
    /// The SIREN as recorded, if any.
    public var siren: String?
    /// The SIRET as recorded, if any.
    public var siret: String?
    /// The VAT number as recorded, if any.
    public var vatNumber: String?
    /// The IBAN as recorded, if any.
    public var iban: String?
    /// Where the entry comes from: "pennylane", "fec", or "learned" (a confirmed alias: its name is
    /// a Qonto counterparty name an operator confirmed for this counterparty).
    public var source: String

    /// Creates a directory entry.
    public init(id: String, kind: InvoiceKind, name: String, siren: String? = nil, siret: String? = nil,
                vatNumber: String? = nil, iban: String? = nil, source: String = "pennylane") {
        self.id = id
        self.kind = kind
        self.name = name
        self.siren = siren
        self.siret = siret
        self.vatNumber = vatNumber
        self.iban = iban
        self.source = source
    }
}
