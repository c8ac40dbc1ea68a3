/// Repairs text that was UTF-8 read as Latin-1 or Windows-1252 ("SociÃ©tÃ©" → "Société"), as
/// happens to names that went through a CSV export or an old FEC file.
enum Mojibake {
    /// The repaired text, or the text itself when it does not look like mojibake or does not decode.
    static func repaired(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        // The signature: a UTF-8 lead byte (Ã, Â, Å, Ä, Å…) read as a letter, followed by a continuation byte.
        let suspicious = zip(scalars, scalars.dropFirst()).contains { lead, next in
            (0xC2...0xC5).contains(lead.value) && ((0x80...0xBF).contains(next.value) || cp1252.keys.contains(next.value))
        }
        guard suspicious else { return text }
        var bytes: [UInt8] = []
        for scalar in scalars {
            if scalar.value <= 0xFF {
                bytes.append(UInt8(scalar.value))
            } else if let byte = cp1252[scalar.value] {
                bytes.append(byte)
            } else {
                return text
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else { return text }
        return decoded
    }

    /// Windows-1252 characters in 0x80…0x9F that a continuation byte becomes when read that way.
    private static let cp1252: [UInt32: UInt8] = [
        0x20AC: 0x80, 0x201A: 0x82, 0x0192: 0x83, 0x201E: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87, 0x02C6: 0x88,
        0x2030: 0x89, 0x0160: 0x8A, 0x2039: 0x8B, 0x0152: 0x8C, 0x017D: 0x8E, 0x2018: 0x91, 0x2019: 0x92, 0x201C: 0x93,
        0x201D: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02DC: 0x98, 0x2122: 0x99, 0x0161: 0x9A, 0x203A: 0x9B,
        0x0153: 0x9C, 0x017E: 0x9D, 0x0178: 0x9F,
    ]
}
