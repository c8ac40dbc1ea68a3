/// An RFC 5321 mailbox address, validated strictly so nothing unsafe ever reaches libcurl.
///
/// libcurl 7.88 copies recipients verbatim into `MAIL FROM`/`RCPT TO` commands, so a CR or
/// LF in an address would be SMTP command injection. This type therefore accepts only a
/// conservative subset of RFC 5321/5322, in ASCII:
/// - the local part is an RFC 5322 `dot-atom-text` (letters, digits and
///   ``!#$%&'*+-/=?^_`{|}~``, with single dots between runs), at most 64 octets;
/// - the domain is LDH labels (letters, digits, hyphens; 1–63 octets; not starting or
///   ending with a hyphen) separated by single dots, at most 253 octets; a single label
///   such as `localhost` is allowed, address literals (`[127.0.0.1]`) and a trailing dot are not;
/// - the whole address is at most 254 octets.
///
/// Quoted local parts, comments, whitespace, controls, `<>()[]`, quotes, `,;:` and anything
/// non-ASCII are rejected. Letter case is preserved as given.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The part before the `@`, a dot-atom of at most 64 octets.
    public let localPart: String
    /// The part after the `@`, a host name of at most 253 octets.
    public let domain: String

    /// Parses and validates an address such as `factures@example.com`.
    ///
    /// Leading and trailing ASCII spaces (U+0020 only) are trimmed first; nothing else is
    /// trimmed or normalised.
    /// - Parameter text: The address, without angle brackets or display name.
    /// - Throws: ``MIMEError`` with code ``MIMEError/Code/invalidAddress`` when the address is
    ///   not acceptable; the message says which rule failed.
    public init(_ text: String) throws(MIMEError) {
        let bytes = Array(Self.trimmingSpaces(text).utf8)
        func fail(_ reason: String) -> MIMEError {
            MIMEError(.invalidAddress, "\(reason): \(MIMEError.quoted(text))")
        }
        guard !bytes.isEmpty else { throw fail("address is empty") }
        guard bytes.count <= 254 else { throw fail("address is longer than 254 octets") }
        guard bytes.allSatisfy({ $0 < 0x80 }) else { throw fail("address is not ASCII") }
        let atSigns = bytes.indices.filter { bytes[$0] == UInt8(ascii: "@") }
        guard atSigns.count == 1, let at = atSigns.first else {
            throw fail("address must contain exactly one \"@\"")
        }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        guard !local.isEmpty else { throw fail("local part is empty") }
        guard local.count <= 64 else { throw fail("local part is longer than 64 octets") }
        guard ASCIIGrammar.isDotAtomText(local) else {
            throw fail("local part is not a dot-atom (letters, digits, !#$%&'*+-/=?^_`{|}~ and single inner dots)")
        }
        guard !domain.isEmpty else { throw fail("domain is empty") }
        guard ASCIIGrammar.isHostName(domain) else {
            throw fail("domain is not dot-separated letter-digit-hyphen labels of 1-63 octets")
        }
        self.localPart = String(decoding: local, as: UTF8.self)
        self.domain = String(decoding: domain, as: UTF8.self)
    }

    /// The address as `local@domain`, safe to pass to libcurl or to put between `<` and `>`.
    public var description: String { localPart + "@" + domain }

    /// Removes leading and trailing U+0020 spaces, and nothing else.
    private static func trimmingSpaces(_ text: String) -> Substring {
        var slice = Substring(text)
        while slice.first == " " { slice.removeFirst() }
        while slice.last == " " { slice.removeLast() }
        return slice
    }
}
