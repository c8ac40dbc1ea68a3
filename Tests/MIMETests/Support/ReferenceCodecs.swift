// Simple, obviously-correct codecs used as oracles by the tests.
// They favour clarity over speed and are independent of the module's implementations.

/// The RFC 4648 alphabet, written out independently of the module.
let referenceAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

/// Base64 of `bytes` in one unbroken string, bit by bit.
func referenceBase64(_ bytes: [UInt8]) -> [UInt8] {
    var bits: [Bool] = []
    for byte in bytes {
        for shift in (0..<8).reversed() { bits.append((byte >> UInt8(shift)) & 1 == 1) }
    }
    while bits.count % 6 != 0 { bits.append(false) }
    var output: [UInt8] = []
    for start in stride(from: 0, to: bits.count, by: 6) {
        var value = 0
        for bit in bits[start..<start + 6] { value = value * 2 + (bit ? 1 : 0) }
        output.append(referenceAlphabet[value])
    }
    while output.count % 4 != 0 { output.append(UInt8(ascii: "=")) }
    return output
}

/// Base64 in 76-character lines each ended by CRLF, as RFC 2045 bodies are written.
func referenceBase64Lines(_ bytes: [UInt8]) -> [UInt8] {
    let flat = referenceBase64(bytes)
    var output: [UInt8] = []
    for start in stride(from: 0, to: flat.count, by: 76) {
        output += flat[start..<min(start + 76, flat.count)]
        output += [13, 10]
    }
    return output
}

/// Decodes base64, ignoring CR and LF; `nil` on any other non-alphabet character.
func decodeBase64(_ text: some Sequence<UInt8>) -> [UInt8]? {
    var bits: [Bool] = []
    var padding = 0
    for byte in text where byte != 13 && byte != 10 {
        if byte == UInt8(ascii: "=") {
            padding += 1
            continue
        }
        guard padding == 0, let value = referenceAlphabet.firstIndex(of: byte) else { return nil }
        for shift in (0..<6).reversed() { bits.append((value >> shift) & 1 == 1) }
    }
    var output: [UInt8] = []
    for start in stride(from: 0, to: bits.count - 7, by: 8) {
        var value: UInt8 = 0
        for bit in bits[start..<start + 8] { value = value &* 2 &+ (bit ? 1 : 0) }
        output.append(value)
    }
    return output
}

/// Decodes quoted-printable: `=XX` escapes, soft breaks `=` CRLF, hard CRLF kept.
func decodeQuotedPrintable(_ encoded: [UInt8]) -> [UInt8]? {
    var output: [UInt8] = []
    var index = 0
    func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
    while index < encoded.count {
        let byte = encoded[index]
        guard byte == UInt8(ascii: "=") else {
            output.append(byte)
            index += 1
            continue
        }
        guard index + 2 < encoded.count else { return nil }
        if encoded[index + 1] == 13 && encoded[index + 2] == 10 {
            index += 3
            continue
        }
        guard let high = hexValue(encoded[index + 1]), let low = hexValue(encoded[index + 2]) else { return nil }
        output.append(high << 4 | low)
        index += 3
    }
    return output
}

/// Decodes an unfolded header value made of `=?UTF-8?B?…?=` words and plain text (RFC 2047).
///
/// White space between two adjacent encoded words is dropped; other text is kept as is.
func decodeEncodedWords(_ value: String) -> String? {
    let tokens = value.split(separator: " ", omittingEmptySubsequences: false)
    var bytes: [UInt8] = []
    var previousWasEncoded = false
    for (index, token) in tokens.enumerated() {
        let isEncoded = token.hasPrefix("=?UTF-8?B?") && token.hasSuffix("?=") && token.utf8.count <= 75
        if index > 0 && !(previousWasEncoded && isEncoded) { bytes.append(UInt8(ascii: " ")) }
        if isEncoded {
            guard let decoded = decodeBase64(token.dropFirst(10).dropLast(2).utf8) else { return nil }
            bytes += decoded
        } else {
            bytes += Array(token.utf8)
        }
        previousWasEncoded = isEncoded
    }
    return String(validating: bytes, as: UTF8.self)
}

/// Decodes RFC 2231 percent-encoding (`%XX`) of UTF-8.
func decodePercentEncoding(_ text: String) -> String? {
    var bytes: [UInt8] = []
    var iterator = Array(text.utf8).makeIterator()
    while let byte = iterator.next() {
        guard byte == UInt8(ascii: "%") else {
            bytes.append(byte)
            continue
        }
        guard let high = iterator.next(), let low = iterator.next(),
              let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
        else { return nil }
        bytes.append(value)
    }
    return String(validating: bytes, as: UTF8.self)
}
