/// An EU VAT identification number, compacted to its country prefix and number ("FR83404833048").
///
/// French numbers (`FR` + 2-character key + SIREN) are fully checked: the numeric key must equal
/// (12 + 3 × (SIREN mod 97)) mod 97, and the newer alphanumeric keys (letters except I and O) follow
/// the administration's mod-11 rule. Monaco's numbers (`FRkk000…`) are valid VAT numbers without a
/// SIREN. Other countries (the EU's, GB and XI, CH, NO) are checked for their documented shape
/// (``VATShapes``) and make no checksum claim; an unknown prefix is no VAT number. Labels printed
/// before the number ("TVA", "N° TVA intracom.", "VAT No.") are not part of it.
public struct VATNumber: Hashable, Sendable, Codable, CustomStringConvertible, LosslessStringConvertible {
    /// The compacted number, country prefix included ("FR83404833048", "IE6388047V").
    public let value: String

    /// Parses a VAT number from free text, or returns `nil` when it is malformed.
    /// - Parameter text: the number as printed; spaces, dots, dashes and NBSP are ignored, letters
    ///   are uppercased.
    public init?(_ text: String) {
        guard let compact = IdentifierText.compact(text), compact.utf8.count >= 4 else { return nil }
        let country = String(compact.prefix(2))
        let number = String(compact.dropFirst(2))
        guard IdentifierText.isLetters(country) else { return nil }
        if country == "FR" {
            guard Self.isValidFrench(number) else { return nil }
        } else {
            guard VATShapes.fits(number, country: country) else { return nil }
        }
        value = compact
    }

    /// The two-letter country prefix ("FR", "IE"; Greece uses "EL").
    public var countryCode: String { String(value.prefix(2)) }

    /// Whether this is a French number (which includes Monaco's).
    public var isFrench: Bool { countryCode == "FR" }

    /// The SIREN inside a French number; `nil` for foreign and Monaco numbers.
    public var siren: SIREN? {
        guard isFrench else { return nil }
        let digits = String(value.suffix(9))
        return digits.hasPrefix("000") ? nil : SIREN(digits)
    }

    /// The compacted number.
    public var description: String { value }

    /// The French key for a SIREN: (12 + 3 × (SIREN mod 97)) mod 97, as two digits.
    /// - Parameter siren: the company's SIREN.
    /// - Returns: the VAT number `FR` + key + SIREN.
    public static func french(for siren: SIREN) -> VATNumber {
        let key = (12 + 3 * (Int(siren.digits)! % 97)) % 97
        let padded = key < 10 ? "0\(key)" : "\(key)"
        return VATNumber("FR" + padded + siren.digits)!
    }

    /// Decodes a VAT number from a string, failing on a malformed number.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = VATNumber(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "invalid VAT number"))
        }
        self = value
    }

    /// Encodes the compacted number as a string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    // MARK: - French rules (python-stdnum `fr.tva`)

    /// Key characters of the new-style keys: digits, then letters without I and O.
    private static let keyAlphabet = Array("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ".utf8)

    private static func isValidFrench(_ number: String) -> Bool {
        guard number.utf8.count == 11 else { return false }
        let key = Array(number.utf8.prefix(2))
        let body = String(number.dropFirst(2))
        guard IdentifierText.isDigits(body), key.allSatisfy(keyAlphabet.contains) else { return false }
        // Monaco's numbers carry no SIREN; all others must carry a valid one.
        if !body.hasPrefix("000") && SIREN(body) == nil { return false }
        let bodyValue = Int(body)!
        if key.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return Int(String(decoding: key, as: UTF8.self))! == (12 + 3 * (bodyValue % 97)) % 97
        }
        let first = keyAlphabet.firstIndex(of: key[0])!
        let second = keyAlphabet.firstIndex(of: key[1])!
        let check = key[0] <= 0x39 ? first * 24 + second - 10 : first * 34 + second - 100
        return (bodyValue + 1 + check / 11) % 11 == check % 11
    }
}
