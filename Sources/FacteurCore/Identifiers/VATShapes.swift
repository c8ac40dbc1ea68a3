/// The documented shapes of VAT numbers outside France, by country prefix (the EU's VIES formats,
/// plus GB and XI, CH and NO): a number is taken for a VAT number only in its country's shape, so
/// text such as "SIREN 40483304" is never read as a Slovenian number.
///
/// A shape is written one character per position: `d` a digit, `l` a letter, `x` either, any other
/// character itself.
enum VATShapes {
    private static func digits(_ counts: ClosedRange<Int>) -> [String] {
        counts.map { String(repeating: "d", count: $0) }
    }

    private static let british = digits(9...9) + digits(12...12) + ["GDddd", "HAddd"]

    /// Shapes of the number after the country prefix.
    static let byCountry: [String: [String]] = [
        "AT": ["Udddddddd"], "BE": digits(9...10), "BG": digits(9...10), "CY": ["ddddddddl"], "CZ": digits(8...10),
        "DE": digits(9...9), "DK": digits(8...8), "EE": digits(9...9), "EL": digits(9...9), "GR": digits(9...9),
        "ES": ["xdddddddx"], "FI": digits(8...8), "HR": digits(11...11), "HU": digits(8...8),
        "IE": ["dxdddddl", "dxdddddll"], "IT": digits(11...11), "LT": digits(9...9) + digits(12...12),
        "LU": digits(8...8), "LV": digits(11...11), "MT": digits(8...8), "NL": ["dddddddddBdd"], "PL": digits(10...10),
        "PT": digits(9...9), "RO": digits(2...10), "SE": digits(12...12), "SI": digits(8...8), "SK": digits(10...10),
        "GB": british, "XI": british,
        "CH": ["Eddddddddd", "EdddddddddMWST", "EdddddddddTVA", "EdddddddddIVA", "EdddddddddTPV"],
        "NO": ["ddddddddd", "dddddddddMVA"],
    ]

    /// Whether `number` (after the prefix) has one of `country`'s shapes; false for an unknown country.
    static func fits(_ number: String, country: String) -> Bool {
        guard let shapes = byCountry[country] else { return false }
        return shapes.contains { shape in
            shape.utf8.count == number.utf8.count && zip(shape.utf8, number.utf8).allSatisfy { expected, byte in
                let isDigit = byte >= 0x30 && byte <= 0x39, isLetter = byte >= 0x41 && byte <= 0x5A
                switch expected {
                case UInt8(ascii: "d"): return isDigit
                case UInt8(ascii: "l"): return isLetter
                case UInt8(ascii: "x"): return isDigit || isLetter
                default: return byte == expected
                }
            }
        }
    }
}
