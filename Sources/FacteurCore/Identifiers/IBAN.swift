/// An International Bank Account Number (ISO 13616), compacted ("FR7630006000011234567890189").
///
/// Valid when the country's length matches (known for the countries Facteur's users mostly pay;
/// 15 to 34 characters elsewhere) and the ISO 7064 mod 97-10 check gives 1.
public struct IBAN: Hashable, Sendable, Codable, CustomStringConvertible, LosslessStringConvertible {
    /// The compacted IBAN, uppercase, without spaces.
    public let value: String

    /// IBAN lengths per country for the countries whose length is checked exactly.
    public static let lengths: [String: Int] = [
        "FR": 27, "DE": 22, "BE": 16, "ES": 24, "IT": 27, "LU": 20, "NL": 18, "IE": 22, "GB": 22,
        "CH": 21, "MC": 27, "AT": 20, "PT": 25, "DK": 18, "FI": 18, "SE": 24, "PL": 28, "LT": 20,
    ]

    /// Parses an IBAN from free text, or returns `nil` when it is malformed.
    /// - Parameter text: the IBAN as printed; spaces, dots, dashes and NBSP are ignored, an
    ///   `IBAN` label in front is not.
    public init?(_ text: String) {
        guard let compact = IdentifierText.compact(text) else { return nil }
        let bytes = Array(compact.utf8)
        guard bytes.count >= 15, bytes.count <= 34 else { return nil }
        let country = String(compact.prefix(2))
        guard IdentifierText.isLetters(country), IdentifierText.isDigits(String(compact.dropFirst(2).prefix(2)))
        else { return nil }
        if let length = Self.lengths[country], length != bytes.count { return nil }
        let rearranged = String(compact.dropFirst(4)) + String(compact.prefix(4))
        guard IdentifierText.mod97(rearranged) == 1 else { return nil }
        value = compact
    }

    /// The two-letter country code.
    public var countryCode: String { String(value.prefix(2)) }

    /// The compacted IBAN.
    public var description: String { value }

    /// Decodes an IBAN from a string, failing on a malformed one.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = IBAN(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "invalid IBAN"))
        }
        self = value
    }

    /// Encodes the compacted IBAN as a string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
