/// The checks ``MailMessage/layout()`` applies to caller-provided identifiers.
///
/// Message-IDs, boundaries and extra header names are written verbatim, so each is
/// validated against a strict grammar instead of being escaped.
enum MessageValidation {
    /// The longest accepted Message-ID, without angle brackets.
    static let maximumMessageIDLength = 250

    /// The longest accepted extra header name, so `Name: ` leaves room on a 78-octet line.
    static let maximumHeaderNameLength = 76

    /// Header names the caller may not add, lowercased.
    ///
    /// The fields the composer writes itself, plus every originator and destination field,
    /// so an extra header can never add a recipient or change who the mail is from.
    static let reservedHeaderNames: Set<String> = [
        "date", "from", "to", "subject", "message-id", "mime-version",
        "sender", "reply-to", "cc", "bcc", "return-path", "received",
        "in-reply-to", "references",
    ]

    /// Header name prefixes the caller may not use, lowercased (`Resent-To`, `Content-Base`…).
    static let reservedHeaderPrefixes = ["resent-", "content-"]

    /// Checks a Message-ID: ASCII `dot-atom-text "@" dot-atom-text`, at most 250 octets.
    ///
    /// - Throws: ``MIMEError/Code/invalidMessageID`` when it is not.
    static func validateMessageID(_ id: String) throws(MIMEError) {
        func fail(_ reason: String) -> MIMEError {
            MIMEError(.invalidMessageID, "\(reason): \(MIMEError.quoted(id))")
        }
        let bytes = Array(id.utf8)
        guard !bytes.isEmpty else { throw fail("message ID is empty") }
        guard bytes.count <= maximumMessageIDLength else {
            throw fail("message ID is longer than \(maximumMessageIDLength) octets")
        }
        let atSigns = bytes.indices.filter { bytes[$0] == UInt8(ascii: "@") }
        guard atSigns.count == 1, let at = atSigns.first,
              ASCIIGrammar.isDotAtomText(bytes[..<at]), ASCIIGrammar.isDotAtomText(bytes[(at + 1)...])
        else {
            throw fail("message ID is not dot-atom-text \"@\" dot-atom-text (without angle brackets)")
        }
    }

    /// Checks a multipart boundary: 1–70 RFC 2046 `bchars`, not ending with a space.
    ///
    /// - Throws: ``MIMEError/Code/invalidBoundary`` when it is not.
    static func validateBoundary(_ boundary: String) throws(MIMEError) {
        func fail(_ reason: String) -> MIMEError {
            MIMEError(.invalidBoundary, "\(reason): \(MIMEError.quoted(boundary))")
        }
        let bytes = Array(boundary.utf8)
        guard (1...70).contains(bytes.count) else { throw fail("boundary must be 1 to 70 characters") }
        guard bytes.allSatisfy(ASCIIGrammar.isBchar) else {
            throw fail("boundary may only contain letters, digits, space and '()+_,-./:=?")
        }
        guard bytes.last != UInt8(ascii: " ") else { throw fail("boundary must not end with a space") }
    }

    /// Checks an extra header name: 1–76 `ftext` characters, not starting with `.`, not reserved.
    ///
    /// A leading `.` is refused because the name starts a line, and no line of a message
    /// may start with `.` (libcurl 7.88 would truncate the message there).
    /// - Throws: ``MIMEError/Code/invalidHeaderName`` when it is not acceptable.
    static func validateHeaderName(_ name: String) throws(MIMEError) {
        func fail(_ reason: String) -> MIMEError {
            MIMEError(.invalidHeaderName, "\(reason): \(MIMEError.quoted(name))")
        }
        let bytes = Array(name.utf8)
        guard (1...maximumHeaderNameLength).contains(bytes.count) else {
            throw fail("header name must be 1 to \(maximumHeaderNameLength) characters")
        }
        guard bytes.allSatisfy(ASCIIGrammar.isFtext) else {
            throw fail("header name may only contain printable ASCII other than space and ':'")
        }
        guard bytes.first != UInt8(ascii: ".") else { throw fail("header name must not start with '.'") }
        let lowercased = String(decoding: bytes.map(lowercasedASCII), as: UTF8.self)
        guard !reservedHeaderNames.contains(lowercased),
              !reservedHeaderPrefixes.contains(where: lowercased.hasPrefix)
        else {
            throw fail("header name is reserved for the message composer")
        }
    }

    /// Whether `content` contains `--` followed by the boundary, anywhere.
    ///
    /// RFC 2046 only forbids the delimiter at the start of a line; refusing it anywhere also
    /// protects readers that search for it less carefully. With a boundary starting with
    /// `=_` this never happens: quoted-printable, base64 and the attachment's header fields
    /// cannot contain `=_`.
    /// - Parameters:
    ///   - content: Encoded part content (header fields and bodies, without delimiter lines).
    ///   - boundary: The validated boundary.
    static func containsDelimiter(_ content: [UInt8], boundary: String) -> Bool {
        let delimiter = Array(("--" + boundary).utf8)
        guard let first = delimiter.first, content.count >= delimiter.count else { return false }
        for start in 0...(content.count - delimiter.count) where content[start] == first {
            if content[start..<(start + delimiter.count)].elementsEqual(delimiter) { return true }
        }
        return false
    }

    /// The ASCII lowercase of a byte.
    private static func lowercasedASCII(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}
