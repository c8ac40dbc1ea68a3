/// The company's own identifiers (the Qonto organisation's legal number and VAT number).
///
/// They appear on its suppliers' invoices as the buyer's; when OCR picks them up as the supplier's,
/// the matcher must ignore them rather than take them for the counterparty's.
public struct CompanyIdentifiers: Hashable, Sendable, Codable {
    /// The company's name, for people.
    public var name: String?
    /// Its SIREN (or SIRET) as recorded.
    public var siren: String?
    /// Its VAT number as recorded.
    public var vatNumber: String?

    /// Creates the company's identifiers.
    public init(name: String? = nil, siren: String? = nil, vatNumber: String? = nil) {
        self.name = name
        self.siren = siren
        self.vatNumber = vatNumber
    }

    /// The company's SIREN, from its SIREN, SIRET or French VAT number.
    var sirens: Set<SIREN> {
        var result: Set<SIREN> = []
        if let text = siren {
            if let siret = SIRET(text) { result.insert(siret.siren) } else if let parsed = SIREN(text) { result.insert(parsed) }
        }
        if let text = vatNumber, let vat = VATNumber(text), let siren = vat.siren { result.insert(siren) }
        return result
    }

    /// The company's VAT number when it carries no SIREN (a foreign company).
    var vatWithoutSIREN: VATNumber? {
        vatNumber.flatMap(VATNumber.init).flatMap { $0.siren == nil ? $0 : nil }
    }
}
