/// A French company registration number (SIREN): nine digits whose Luhn checksum passes.
///
/// Parsing is lenient about layout ("404 833 048", "404.833.048") and strict about content: a
/// number with the wrong length or a failing checksum is not a SIREN, so callers treat it as
/// absent rather than as evidence.
public struct SIREN: Hashable, Sendable, Codable, CustomStringConvertible, LosslessStringConvertible {
    /// The nine digits.
    public let digits: String

    /// Parses a SIREN from free text, or returns `nil` when it is malformed.
    /// - Parameter text: the number as printed; spaces, dots, dashes and NBSP are ignored.
    public init?(_ text: String) {
        guard let compact = IdentifierText.compact(text), compact.utf8.count == 9,
              IdentifierText.isDigits(compact), IdentifierText.passesLuhn(compact) else { return nil }
        digits = compact
    }

    /// The nine digits.
    public var description: String { digits }

    /// Decodes a SIREN from a string, failing on a malformed number.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = SIREN(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "invalid SIREN"))
        }
        self = value
    }

    /// Encodes the nine digits as a string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(digits)
    }
}
