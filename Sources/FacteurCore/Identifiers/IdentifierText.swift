/// Helpers shared by the identifier types: compaction of free text and the two checksums.
enum IdentifierText {
    /// Separators people and OCR put inside identifiers: spaces, dots, dashes, slashes, NBSP and
    /// narrow NBSP, tabs and line breaks.
    private static let separators: Set<Unicode.Scalar> = [
        " ", ".", "-", "/", "\t", "\n", "\r", "\u{00A0}", "\u{202F}", "\u{2007}", "\u{2009}", "\u{2010}",
        "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}",
    ]

    /// Words printed before an identifier that are not part of it ("SIREN :", "N° TVA intracom.",
    /// "VAT No.", "USt-IdNr."), dropped when a non-letter follows them.
    private static let labelWords: Set<String> = [
        "SIREN", "SIRET", "TVA", "VAT", "NUMERO", "NUMÉRO", "NUM", "INTRACOM", "INTRACOMMUNAUTAIRE", "UST", "IDNR",
        "USTIDNR", "MWST", "BTW", "IVA", "NIF", "TIN",
    ]
    /// Abbreviations of "number" ("N°", "No.", "Nr."), dropped only before a mark: `NO` is also Norway's prefix.
    private static let numberWords: Set<String> = ["N", "NO", "NR"]
    private static let numberMarks: Set<Character> = [".", ":", "°", "º"]
    private static let labelPunctuation: Set<Character> = [":", ".", "°", "º", "#", ",", "-", " ", "\u{00A0}", "\u{202F}", "\t"]

    /// The text without the label words printed before the identifier ("SIREN : 404 833 048" →
    /// "404 833 048", "N° TVA FR83404833048" → "FR83404833048").
    static func withoutLabel(_ text: String) -> Substring {
        var rest = Substring(text)
        while true {
            rest = rest.drop { labelPunctuation.contains($0) }
            let word = rest.prefix { $0.isLetter }
            guard !word.isEmpty else { return rest }
            let next = rest.dropFirst(word.count).first
            let upper = word.uppercased()
            if labelWords.contains(upper), next.map({ !$0.isLetter }) ?? false {
                rest = rest.dropFirst(word.count)
            } else if numberWords.contains(upper), let next, numberMarks.contains(next) {
                rest = rest.dropFirst(word.count)
            } else {
                return rest
            }
        }
    }

    /// The text without the label words printed before it (``withoutLabel(_:)``) and without
    /// separators, ASCII letters uppercased; `nil` when anything else than ASCII letters and digits remains.
    static func compact(_ text: String) -> String? {
        var result = String.UnicodeScalarView()
        for scalar in withoutLabel(text).unicodeScalars where !separators.contains(scalar) {
            switch scalar.value {
            case 0x30...0x39, 0x41...0x5A: result.append(scalar)
            case 0x61...0x7A: result.append(Unicode.Scalar(scalar.value - 0x20)!)
            default: return nil
            }
        }
        return String(result)
    }

    /// Whether every character is an ASCII digit (and there is at least one).
    static func isDigits(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// Whether every character is an ASCII uppercase letter (and there is at least one).
    static func isLetters(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 >= 0x41 && $0 <= 0x5A }
    }

    /// The Luhn check over a string of digits: true when the weighted sum is divisible by 10.
    static func passesLuhn(_ digits: String) -> Bool {
        var sum = 0
        for (index, byte) in digits.utf8.reversed().enumerated() {
            var digit = Int(byte - 0x30)
            if index % 2 == 1 {
                digit *= 2
                if digit > 9 { digit -= 9 }
            }
            sum += digit
        }
        return sum % 10 == 0
    }

    /// The sum of the digits (La Poste's SIRET rule).
    static func digitSum(_ digits: String) -> Int {
        digits.utf8.reduce(0) { $0 + Int($1 - 0x30) }
    }

    /// ISO 7064 mod 97-10 remainder of digits and letters (A = 10 … Z = 35), computed piecewise.
    static func mod97(_ text: String) -> Int {
        var remainder = 0
        for byte in text.utf8 {
            if byte >= 0x30 && byte <= 0x39 {
                remainder = (remainder * 10 + Int(byte - 0x30)) % 97
            } else {
                remainder = (remainder * 100 + Int(byte - 0x41 + 10)) % 97
            }
        }
        return remainder
    }
}
