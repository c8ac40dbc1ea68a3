/// The parsed, comparable identity of an invoice's counterparty or of a directory entry.
///
/// Malformed identifiers are dropped here, and noted, so they count as absent everywhere else.
struct PartyIdentity: Sendable {
    /// The normalised name; `nil` when absent or empty after normalisation.
    var name: CompanyName?
    /// The SIREN, direct or derived from a SIRET or a French VAT number.
    var siren: SIREN?
    /// The SIRET, when one was given: it selects an establishment among entries of one SIREN.
    var siret: SIRET?
    /// How the SIREN was found, for explanations ("SIREN 404833048", "VAT FR83404833048").
    var sirenLabel: String?
    /// A VAT number that carries no SIREN (foreign, or Monaco's).
    var vatWithoutSIREN: VATNumber?
    /// The IBAN.
    var iban: IBAN?
    /// A SIREN that disagrees with ``siren`` on the same record (the invoice's `tin` vs its VAT number).
    var conflictingSIREN: (siren: SIREN, label: String)?
    /// Identifiers that were present but malformed, for explanations.
    var ignored: [String] = []

    /// Whether a SIREN, SIRET or VAT number was present but malformed (it may be someone else's).
    var hasMalformedIdentifier = false

    /// Whether there is a valid SIREN or VAT number.
    var hasIdentifier: Bool { siren != nil || vatWithoutSIREN != nil }

    /// The identity of a directory entry.
    init(_ entry: Counterparty) {
        self.init(name: entry.name, tin: entry.siret ?? entry.siren, alternativeTIN: entry.siret == nil ? nil : entry.siren,
                  vatNumber: entry.vatNumber, iban: entry.iban)
        conflictingSIREN = nil  // a directory entry's own inconsistency is not the invoice's conflict
    }

    /// No identity at all (the new-counterparty hypothesis).
    static let empty = PartyIdentity(name: nil, tin: nil, alternativeTIN: nil, vatNumber: nil, iban: nil)

    /// The identity an invoice claims for its counterparty. The company's own SIREN and VAT number,
    /// printed on the invoice as the buyer's and picked up by OCR, are ignored with a note.
    init(_ invoice: InvoiceEvidence, company: CompanyIdentifiers? = nil) {
        var tin = invoice.siren, vat = invoice.vatNumber
        var notes: [String] = []
        if let company {
            let own = company.sirens
            func isOwn(_ text: String?) -> Bool {
                guard let text else { return false }
                if let siret = SIRET(text) { return own.contains(siret.siren) }
                if let siren = SIREN(text) { return own.contains(siren) }
                if let parsed = VATNumber(text) { return parsed.siren.map(own.contains) ?? (parsed == company.vatWithoutSIREN) }
                return false
            }
            if isOwn(tin) { notes.append("\(tin!) is the company's own identifier, ignored"); tin = nil }
            if isOwn(vat) { notes.append("VAT \(vat!) is the company's own, ignored"); vat = nil }
        }
        self.init(name: invoice.counterpartyName, tin: tin, alternativeTIN: nil, vatNumber: vat, iban: invoice.iban)
        ignored += notes
    }

    private init(name: String?, tin: String?, alternativeTIN: String?, vatNumber: String?, iban: String?) {
        if let name {
            let normalised = CompanyName(name)
            self.name = normalised.isEmpty ? nil : normalised
        }
        var sirens: [(SIREN, String)] = []
        for text in [tin, alternativeTIN].compactMap({ $0 }) where !Self.isBlank(text) {
            if let siret = SIRET(text) {
                sirens.append((siret.siren, "SIRET \(siret)"))
                if self.siret == nil { self.siret = siret }
            } else if let siren = SIREN(text) {
                sirens.append((siren, "SIREN \(siren)"))
            } else if let vat = VATNumber(text) {
                // A VAT number typed into the SIREN field.
                if let siren = vat.siren { sirens.append((siren, "VAT \(vat)")) } else { vatWithoutSIREN = vat }
            } else {
                ignored.append("SIREN/SIRET \"\(text)\" malformed, ignored")
                hasMalformedIdentifier = true
            }
        }
        if let vatNumber, !Self.isBlank(vatNumber) {
            if let vat = VATNumber(vatNumber) {
                if let siren = vat.siren { sirens.append((siren, "VAT \(vat)")) } else { vatWithoutSIREN = vat }
            } else {
                ignored.append("VAT \"\(vatNumber)\" malformed, ignored")
                hasMalformedIdentifier = true
            }
        }
        if let first = sirens.first {
            siren = first.0
            sirenLabel = first.1
            if let other = sirens.first(where: { $0.0 != first.0 }) { conflictingSIREN = other }
        }
        if let iban, !Self.isBlank(iban) {
            if let parsed = IBAN(iban) { self.iban = parsed } else { ignored.append("IBAN malformed, ignored") }
        }
    }

    private static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy(\.properties.isWhitespace)
    }
}
