public import FoundationEssentials

/// Decimal amounts written as text, parsed exactly (never through `Double`).
public enum LedgerAmount {
    /// Parses `1234.56`, `1234,56`, `-12`, `+0,5`, `.5`; surrounding spaces are ignored.
    ///
    /// Accepted: an optional sign, digits, and at most one decimal separator (`.` or, when
    /// `allowComma`, `,`) with at least one digit in all. Refused: thousands separators,
    /// exponents, several separators, letters, and more than 38 significant digits.
    /// - Returns: The exact value, or nil.
    public static func parse(_ text: some StringProtocol, allowComma: Bool = true) -> Decimal? {
        var bytes = String(text).utf8[...]
        while bytes.first == 0x20 { bytes.removeFirst() }
        while bytes.last == 0x20 { bytes.removeLast() }
        var negative = false
        if let sign = bytes.first, sign == 0x2D || sign == 0x2B {
            negative = sign == 0x2D
            bytes.removeFirst()
        }
        var significand = Decimal(0)
        var digits = 0, scale = 0
        var seenSeparator = false
        for byte in bytes {
            switch byte {
            case 0x30...0x39:
                if digits > 0 || byte != 0x30 { digits += 1 }
                guard digits <= 38 else { return nil }
                significand = significand * 10 + Decimal(Int(byte - 0x30))
                if seenSeparator { scale += 1 }
            case 0x2E, 0x2C:
                guard !seenSeparator, byte == 0x2E || allowComma else { return nil }
                seenSeparator = true
            default:
                return nil
            }
        }
        let sawDigit = bytes.contains { (0x30...0x39).contains($0) }
        guard sawDigit else { return nil }
        return Decimal(sign: negative && significand != 0 ? .minus : .plus, exponent: -scale, significand: significand)
    }
}
