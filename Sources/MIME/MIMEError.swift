/// The one error type of the MIME module.
///
/// Every throwing API of the module throws `MIMEError` (typed throws), so callers can
/// switch on ``code`` without casting. The ``message`` is a single human-readable line; when
/// it quotes an offending value, control and non-printable characters have been escaped
/// first (see ``MIMEError/quoted(_:limit:)``), so a message is always safe to log.
public struct MIMEError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, machine-readable identifier of what went wrong.
    ///
    /// Codes compare by name; ``description`` returns that name (for example `invalidAddress`).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name, as printed by ``description``.
        let name: String

        /// An email address failed strict RFC 5321/5322 validation.
        public static let invalidAddress = Code(name: "invalidAddress")
        /// A Message-ID is not `dot-atom-text "@" dot-atom-text` in ASCII of at most 250 octets.
        public static let invalidMessageID = Code(name: "invalidMessageID")
        /// A multipart boundary is not 1–70 RFC 2046 `bchars`, ends in a space, or occurs in the content.
        public static let invalidBoundary = Code(name: "invalidBoundary")
        /// An extra header name is not RFC 5322 `ftext`, is too long, or is reserved by the composer.
        public static let invalidHeaderName = Code(name: "invalidHeaderName")
        /// An attachment is not one of the supported file types, or does not match its declared type.
        public static let unsupportedAttachment = Code(name: "unsupportedAttachment")
        /// An attachment has no bytes.
        public static let emptyAttachment = Code(name: "emptyAttachment")

        /// The code's name, for example `invalidBoundary`.
        public var description: String { name }
    }

    /// What kind of error this is.
    public var code: Code
    /// A one-line, human-readable explanation of what is wrong.
    public var message: String

    /// Creates an error.
    ///
    /// The message is stored as given; use ``quoted(_:limit:)`` to embed untrusted values.
    /// - Parameters:
    ///   - code: What kind of error this is.
    ///   - message: A one-line, human-readable explanation.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The code and the message, for example `invalidAddress: missing "@" in "bob"`.
    public var description: String { "\(code): \(message)" }

    /// Quotes an untrusted value for an error message, neutralising anything unprintable.
    ///
    /// Printable ASCII is kept; `"` and `\` are backslash-escaped; CR, LF and TAB become
    /// `\r`, `\n` and `\t`; every other control, separator or non-ASCII scalar becomes
    /// `\u{XXXX}`. Values longer than `limit` scalars are cut and end with `...`.
    /// - Parameters:
    ///   - value: The untrusted value.
    ///   - limit: The maximum number of input scalars to show.
    /// - Returns: The value between double quotes, containing only printable ASCII.
    public static func quoted(_ value: String, limit: Int = 80) -> String {
        var result = "\""
        var shown = 0
        for scalar in value.unicodeScalars {
            if shown == limit {
                result += "..."
                break
            }
            shown += 1
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\r": result += "\\r"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case " "..."~": result.unicodeScalars.append(scalar)
            default: result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return result + "\""
    }
}
