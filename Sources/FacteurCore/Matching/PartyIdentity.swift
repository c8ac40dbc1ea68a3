/// The parsed, comparable identity of an invoice's counterparty or of a directory entry.
///
/// Malformed identifiers are dropped here, and noted, so they count as absent everywhere else.
struct PartyIdentity: Sendable {
    /// The normalised name; `nil` when absent or empty after normalisation.
    var name: CompanyName?
    /// The SIREN, direct or derived from a SIRET or a French VAT number.
    var siren: SIREN?
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

    /// Whether there is a valid SIREN or VAT number.
    var hasIdentifier: Bool { siren != nil || vatWithoutSIREN != nil }

    /// The identity of a directory entry.
    init(_ entry: Counterparty) {
        self.init(name: entry.name, tin: entry.siret ?? entry.siren, alternativeTIN: entry.siret == nil ? nil : entry.siren,
                  vatNumber: entry.vatNumber, iban: entry.iban)
        conflictingSIREN = nil  // a directory entry's own inconsistency is not the invoice's conflict
    }

    /// The identity an invoice claims for its counterparty.
    init(_ invoice: InvoiceEvidence) {
        self.init(name: invoice.counterpartyName, tin: invoice.siren, alternativeTIN: nil,
                  vatNumber: invoice.vatNumber, iban: invoice.iban)
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
            } else if let siren = SIREN(text) {
                sirens.append((siren, "SIREN \(siren)"))
            } else {
                ignored.append("SIREN/SIRET \"\(text)\" malformed, ignored")
            }
        }
        if let vatNumber, !Self.isBlank(vatNumber) {
            if let vat = VATNumber(vatNumber) {
                if let siren = vat.siren { sirens.append((siren, "VAT \(vat)")) } else { vatWithoutSIREN = vat }
            } else {
                ignored.append("VAT \"\(vatNumber)\" malformed, ignored")
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
