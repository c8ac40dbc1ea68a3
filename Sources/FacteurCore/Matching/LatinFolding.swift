/// A portable stand-in for NFKD + "drop combining marks" + uppercase, for Latin-script names.
///
/// Foundation's `decomposedStringWithCanonicalMapping` and `folding(options:locale:)` are not part
/// of FoundationEssentials, so the accented Latin letters (Latin-1 Supplement and Latin
/// Extended-A), the ligatures Œ, Æ, Ĳ and ß, and the typographic ligatures ﬀ…ﬆ are mapped by table,
/// and combining marks (U+0300–U+036F and the extended blocks) are dropped, which also covers text
/// that arrives already decomposed.
enum LatinFolding {
    /// Uppercase ASCII for U+00C0…U+00FF; "" marks × and ÷, which are punctuation.
    private static let latin1: [String] = [
        "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",
        "D", "N", "O", "O", "O", "O", "O", "", "O", "U", "U", "U", "U", "Y", "TH", "SS",
        "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",
        "D", "N", "O", "O", "O", "O", "O", "", "O", "U", "U", "U", "U", "Y", "TH", "Y",
    ]

    /// Uppercase ASCII for U+0100…U+017F.
    private static let latinExtendedA: [String] = [
        "A", "A", "A", "A", "A", "A", "C", "C", "C", "C", "C", "C", "C", "C", "D", "D",
        "D", "D", "E", "E", "E", "E", "E", "E", "E", "E", "E", "E", "G", "G", "G", "G",
        "G", "G", "G", "G", "H", "H", "H", "H", "I", "I", "I", "I", "I", "I", "I", "I",
        "I", "I", "IJ", "IJ", "J", "J", "K", "K", "K", "L", "L", "L", "L", "L", "L", "L",
        "L", "L", "L", "N", "N", "N", "N", "N", "N", "N", "N", "N", "O", "O", "O", "O",
        "O", "O", "OE", "OE", "R", "R", "R", "R", "R", "R", "S", "S", "S", "S", "S", "S",
        "S", "S", "T", "T", "T", "T", "T", "T", "U", "U", "U", "U", "U", "U", "U", "U",
        "U", "U", "U", "U", "W", "W", "Y", "Y", "Y", "Z", "Z", "Z", "Z", "Z", "Z", "S",
    ]

    /// U+FB00…U+FB06: ff, fi, fl, ffi, ffl, long s t, st.
    private static let ligatures = ["FF", "FI", "FL", "FFI", "FFL", "ST", "ST"]

    /// Whether a scalar is a combining mark that NFKD would split off an accented letter.
    static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0300...0x036F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F: return true
        default: return false
        }
    }

    /// The folded, uppercase form of one scalar: a replacement string, or `nil` to keep the scalar
    /// as it is (digits, punctuation, and letters outside the tables, uppercased by the caller).
    static func fold(_ scalar: Unicode.Scalar) -> String? {
        switch scalar.value {
        case 0x61...0x7A: return String(Character(Unicode.Scalar(scalar.value - 0x20)!))
        case 0xC0...0xFF:
            let mapped = latin1[Int(scalar.value - 0xC0)]
            return mapped.isEmpty ? " " : mapped
        case 0x100...0x17F: return latinExtendedA[Int(scalar.value - 0x100)]
        case 0xFB00...0xFB06: return ligatures[Int(scalar.value - 0xFB00)]
        default: return nil
        }
    }

    /// Folds a whole string: accents and combining marks removed, letters uppercased.
    static func fold(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars where !isCombiningMark(scalar) {
            if let mapped = fold(scalar) {
                result += mapped
            } else if scalar.properties.isLowercase {
                result += String(scalar).uppercased()
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
