/// Character classes and small productions of RFC 5321, 5322 and 2046, on ASCII bytes.
///
/// Everything here works on UTF-8 code units: a byte ≥ 0x80 never belongs to any class,
/// so non-ASCII input is rejected by construction.
enum ASCIIGrammar {
    /// Whether `byte` is an ASCII letter or digit.
    static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return false
        }
    }

    /// Whether `byte` is RFC 5322 `atext`: letters, digits and ``atextSpecials``.
    static func isAtext(_ byte: UInt8) -> Bool {
        isLetterOrDigit(byte) || atextSpecials.contains(byte)
    }

    /// The non-alphanumeric `atext` characters of RFC 5322: ``!#$%&'*+-/=?^_`{|}~``.
    static let atextSpecials: Set<UInt8> = Set("!#$%&'*+-/=?^_`{|}~".utf8)

    /// Whether `byte` is printable ASCII (VCHAR or space), 0x20–0x7E.
    static func isPrintable(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte <= 0x7E
    }

    /// Whether `byte` is RFC 5322 `ftext`: printable ASCII except space and `:`.
    static func isFtext(_ byte: UInt8) -> Bool {
        byte >= 0x21 && byte <= 0x7E && byte != UInt8(ascii: ":")
    }

    /// Whether `byte` is an RFC 2046 `bchars` character (`bcharsnospace` or space).
    static func isBchar(_ byte: UInt8) -> Bool {
        isLetterOrDigit(byte) || boundarySpecials.contains(byte)
    }

    /// The non-alphanumeric RFC 2046 `bchars`: `'()+_,-./:=? ` (including space).
    static let boundarySpecials: Set<UInt8> = Set("'()+_,-./:=? ".utf8)

    /// Whether `bytes` is RFC 5322 `dot-atom-text`: `atext` runs separated by single dots.
    ///
    /// Empty input, a leading or trailing dot and two consecutive dots are all rejected.
    static func isDotAtomText(_ bytes: some Collection<UInt8>) -> Bool {
        var previousWasDot = true  // rejects a leading dot and empty input
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                if previousWasDot { return false }
                previousWasDot = true
            } else if isAtext(byte) {
                previousWasDot = false
            } else {
                return false
            }
        }
        return !previousWasDot
    }

    /// Whether `bytes` is a domain of LDH labels separated by single dots.
    ///
    /// Each label is 1–63 letters, digits or hyphens, neither starting nor ending with a
    /// hyphen; the whole domain is at most 253 octets. A single label such as `localhost`
    /// is accepted; a trailing dot (the DNS root) is not.
    static func isHostName(_ bytes: some Collection<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.count <= 253 else { return false }
        var labelLength = 0
        var previous: UInt8 = UInt8(ascii: ".")
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                if labelLength == 0 || previous == UInt8(ascii: "-") { return false }
                labelLength = 0
            } else if isLetterOrDigit(byte) || byte == UInt8(ascii: "-") {
                if labelLength == 0 && byte == UInt8(ascii: "-") { return false }
                labelLength += 1
                if labelLength > 63 { return false }
            } else {
                return false
            }
            previous = byte
        }
        return labelLength > 0 && previous != UInt8(ascii: "-")
    }
}
