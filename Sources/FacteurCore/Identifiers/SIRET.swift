/// A French establishment number (SIRET): the SIREN followed by a 5-digit NIC, 14 digits in all.
///
/// The checksum is Luhn over the 14 digits, except for La Poste's establishments (prefix
/// `356000000`), whose digits must sum to a multiple of 5; La Poste's head office
/// `35600000000048` follows Luhn like everyone else.
public struct SIRET: Hashable, Sendable, Codable, CustomStringConvertible, LosslessStringConvertible {
    /// The fourteen digits.
    public let digits: String

    /// Parses a SIRET from free text, or returns `nil` when it is malformed.
    /// - Parameter text: the number as printed; spaces, dots, dashes and NBSP are ignored.
    public init?(_ text: String) {
        guard let compact = IdentifierText.compact(text), compact.utf8.count == 14,
              IdentifierText.isDigits(compact) else { return nil }
        let isLaPosteEstablishment = compact.hasPrefix("356000000") && compact != "35600000000048"
        if isLaPosteEstablishment {
            guard IdentifierText.digitSum(compact) % 5 == 0 else { return nil }
        } else {
            guard IdentifierText.passesLuhn(compact) else { return nil }
        }
        digits = compact
    }

    /// The company's SIREN: the first nine digits.
    ///
    /// La Poste's SIREN `356000000` passes Luhn, so every valid SIRET yields a valid SIREN.
    public var siren: SIREN { SIREN(String(digits.prefix(9)))! }

    /// The establishment's NIC: the last five digits.
    public var nic: String { String(digits.suffix(5)) }

    /// The fourteen digits.
    public var description: String { digits }

    /// Decodes a SIRET from a string, failing on a malformed number.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = SIRET(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "invalid SIRET"))
        }
        self = value
    }

    /// Encodes the fourteen digits as a string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(digits)
    }
}
