/// The `name=` and `filename=` parameters of an attachment, with RFC 2231 when needed.
///
/// Every parameter is written as a header token for ``HeaderFolding``, sized so that a
/// continuation line (a space plus the token) is at most 78 octets:
/// - `name="…"` and `filename="…"` hold an ASCII fallback of at most ``fallbackLength``
///   characters (accents stripped from Latin letters, `=` and other characters replaced by `_`);
/// - when that fallback differs from the real name, `filename*=UTF-8''…` (RFC 2231
///   percent-encoded UTF-8) comes first, split into `filename*0*=`, `filename*1*=`, …
///   continuations when too long for one line. Continuations are cut between Unicode
///   scalars, never inside a UTF-8 sequence.
///
/// When `filename*` is written, `filename=` is not: both are the parameter `filename`, and
/// strict parsers (Python's `email` with `policy.strict`) report the pair as a duplicate
/// parameter. The ASCII fallback for clients that ignore RFC 2231 is then the Content-Type's
/// `name=`, the traditional place they read it from. A plain ASCII name needs only `filename=`.
enum FileNameParameter {
    /// The longest ASCII fallback, so `filename="…";` fits on one 78-octet line.
    static let fallbackLength = 60

    /// RFC 5987 `attr-char` besides letters and digits: kept as is in `filename*`.
    static let attributeCharacters: Set<UInt8> = Set("!#$&+-.^_`|~".utf8)

    /// The `Content-Type` value tokens, such as `application/pdf;` and `name="x.pdf"`.
    ///
    /// - Parameters:
    ///   - type: The attachment's type.
    ///   - fileName: The already sanitised file name.
    static func contentTypeTokens(type: AttachmentType, fileName: String) -> [String] {
        [type.mimeType + ";", "name=" + quoted(asciiFallback(fileName))]
    }

    /// The `Content-Disposition` value tokens, from `attachment;` to the last parameter.
    ///
    /// - Parameter fileName: The already sanitised file name.
    static func contentDispositionTokens(fileName: String) -> [String] {
        let fallback = asciiFallback(fileName)
        let plain = "filename=" + quoted(fallback)
        guard fallback != fileName else { return ["attachment;", plain] }
        let extended = extendedTokens(fileName)
        return ["attachment;"] + extended.dropLast().map { $0 + ";" } + extended.suffix(1)
    }

    /// `filename*=UTF-8''…` as one token, or `filename*0*=UTF-8''…`, `filename*1*=…`, ….
    ///
    /// Tokens come without their separating `;`; each is at most 76 octets.
    static func extendedTokens(_ fileName: String) -> [String] {
        let pieces = fileName.unicodeScalars.map(percentEncoded)
        let single = "filename*=UTF-8''" + pieces.joined()
        if single.utf8.count <= HeaderFolding.preferredLineLength - 2 { return [single] }
        var tokens: [String] = []
        var current = ""
        for piece in pieces {
            if current.isEmpty {
                current = "filename*\(tokens.count)*=" + (tokens.isEmpty ? "UTF-8''" : "")
            }
            if current.utf8.count + piece.utf8.count > HeaderFolding.preferredLineLength - 2 {
                tokens.append(current)
                current = "filename*\(tokens.count)*="
            }
            current += piece
        }
        tokens.append(current)
        return tokens
    }

    /// One scalar as RFC 2231 `ext-value` text: an `attr-char`, or `%XX` per UTF-8 byte.
    static func percentEncoded(_ scalar: Unicode.Scalar) -> String {
        var result = ""
        for byte in String(scalar).utf8 {
            if ASCIIGrammar.isLetterOrDigit(byte) || attributeCharacters.contains(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%" + hexDigits(byte)
            }
        }
        return result
    }

    /// Two uppercase hexadecimal digits.
    static func hexDigits(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".unicodeScalars)
        return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
    }

    /// An ASCII-only, safe approximation of a sanitised file name, at most ``fallbackLength``.
    ///
    /// Latin letters lose their accents (`é` → `e`, `ß` → `ss`, `Œ` → `OE`), typographic
    /// quotes and dashes become `'` and `-`, `=` and any other non-ASCII character become
    /// `_` (so the fallback never contains `=_`, the start of the composer's boundaries); the
    /// result is sanitised again and shortened keeping the extension.
    static func asciiFallback(_ fileName: String) -> String {
        var ascii = ""
        for character in fileName {
            if character == "=" {
                ascii += "_"  // keeps `=_` (the start of the composer's boundaries) out of headers
            } else if character.isASCII {
                ascii.append(character)
            } else if let first = character.unicodeScalars.first, first.isASCII {
                ascii.unicodeScalars.append(first)  // a base letter with combining marks
            } else if let first = character.unicodeScalars.first, let mapped = transliterations[first] {
                ascii += mapped
            } else {
                ascii += "_"
            }
        }
        return AttachmentFileName.sanitize(ascii, maxUTF8Bytes: fallbackLength)
    }

    /// A quoted-string, escaping `\` and `"` (which sanitised names do not contain anyway).
    static func quoted(_ text: String) -> String {
        var result = "\""
        for character in text {
            if character == "\\" || character == "\"" { result += "\\" }
            result.append(character)
        }
        return result + "\""
    }

    /// ASCII replacements for common non-ASCII Latin letters and punctuation.
    static let transliterations: [Unicode.Scalar: String] = {
        let groups: [(String, String)] = [
            ("ÀÁÂÃÄÅĀĂĄ", "A"), ("àáâãäåāăą", "a"), ("ÇĆĈĊČ", "C"), ("çćĉċč", "c"),
            ("ĎĐÐ", "D"), ("ďđð", "d"), ("ÈÉÊËĒĔĖĘĚ", "E"), ("èéêëēĕėęě", "e"),
            ("ĜĞĠĢ", "G"), ("ĝğġģ", "g"), ("ĤĦ", "H"), ("ĥħ", "h"), ("ÌÍÎÏĨĪĬĮİ", "I"),
            ("ìíîïĩīĭįı", "i"), ("Ĵ", "J"), ("ĵ", "j"), ("Ķ", "K"), ("ķ", "k"),
            ("ĹĻĽĿŁ", "L"), ("ĺļľŀł", "l"), ("ÑŃŅŇ", "N"), ("ñńņň", "n"),
            ("ÒÓÔÕÖØŌŎŐ", "O"), ("òóôõöøōŏő", "o"), ("ŔŖŘ", "R"), ("ŕŗř", "r"),
            ("ŚŜŞŠ", "S"), ("śŝşš", "s"), ("ŢŤŦ", "T"), ("ţťŧ", "t"),
            ("ÙÚÛÜŨŪŬŮŰŲ", "U"), ("ùúûüũūŭůűų", "u"), ("Ŵ", "W"), ("ŵ", "w"),
            ("ÝŶŸ", "Y"), ("ýÿŷ", "y"), ("ŹŻŽ", "Z"), ("źżž", "z"),
            ("Æ", "AE"), ("æ", "ae"), ("Œ", "OE"), ("œ", "oe"), ("ß", "ss"),
            ("Þ", "TH"), ("þ", "th"), ("‘’‚‛′", "'"), ("‐‑‒–—―−", "-"),
        ]
        var table: [Unicode.Scalar: String] = [:]
        for (letters, replacement) in groups {
            for scalar in letters.unicodeScalars { table[scalar] = replacement }
        }
        return table
    }()
}
