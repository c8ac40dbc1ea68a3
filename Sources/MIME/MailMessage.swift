#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// One invoice mail: a text part and exactly one attachment, as `multipart/mixed`.
///
/// Everything nondeterministic (date, Message-ID, boundary) is a property, so the composed
/// bytes depend only on the values given: the same message always encodes identically.
/// Untrusted text (subject, display names, file name, extra header values, body) is
/// sanitised and encoded by the composer; identifiers written verbatim (Message-ID,
/// boundary, extra header names) are validated by ``layout()`` instead.
///
/// Every composed message is 7-bit ASCII with CRLF line endings, has no line starting with
/// `.`, no line over 998 octets, and header lines of at most 78 octets unless a single
/// unbreakable item (a long address, Message-ID or boundary) is longer.
public struct MailMessage: Sendable {
    /// The author: the `From` header field.
    public var from: Mailbox
    /// The single recipient: the `To` header field.
    public var to: Mailbox
    /// The subject, raw and untrusted; sanitised and RFC 2047-encoded by the composer.
    public var subject: String
    /// The `Date` header field's instant.
    public var date: Date
    /// The zone offset of the `Date` header field, in seconds east of UTC.
    public var utcOffsetSeconds: Int
    /// The Message-ID without angle brackets, such as `qonto.supplier_invoice.7f0c@facteur`.
    ///
    /// Must be ASCII `dot-atom-text "@" dot-atom-text` of at most 250 octets.
    public var messageID: String
    /// The Message-ID (without angle brackets) of the message this one replaces — an earlier
    /// version of the same invoice — written as `In-Reply-To` and `References` so mail clients
    /// and people can link the two; nil for a first version. Validated like ``messageID``.
    public var replaces: String?
    /// Extra header fields, written in order after `MIME-Version`, such as `X-Facteur-Qonto-Id`.
    ///
    /// Names must be 1–76 RFC 5322 `ftext` characters, must not start with `.`, and must not
    /// be a field the composer writes, an originator or destination field (`Cc`, `Bcc`,
    /// `Reply-To`, `Sender`…), nor start with `Content-` or `Resent-`. Values are
    /// sanitised, RFC 2047-encoded when not plain ASCII, and folded.
    public var extraHeaders: [(name: String, value: String)]
    /// The body text, UTF-8 with any line endings; sent as quoted-printable `text/plain`.
    public var bodyText: String
    /// The attachment's file name, untrusted; written after ``AttachmentFileName/sanitize(_:maxUTF8Bytes:)``.
    public var attachmentFileName: String
    /// The attachment's type, which decides its `Content-Type`.
    public var attachmentType: AttachmentType
    /// The attachment's size in bytes; must be positive.
    public var attachmentByteCount: Int
    /// The multipart boundary: 1–70 RFC 2046 `bchars`, not ending with a space.
    ///
    /// Use a value starting with `=_`, which cannot occur in base64, quoted-printable or the
    /// attachment's header fields; ``layout()`` refuses a boundary found in the content.
    public var boundary: String

    /// The one-line preamble before the first part, for non-MIME readers.
    static let preamble = "This is a multi-part message in MIME format."

    /// Creates a message; nothing is validated until ``layout()``.
    ///
    /// - Parameters:
    ///   - from: The author.
    ///   - to: The single recipient.
    ///   - subject: The raw subject.
    ///   - date: The `Date` header field's instant.
    ///   - utcOffsetSeconds: The `Date` zone offset in seconds east of UTC.
    ///   - messageID: The Message-ID, without angle brackets.
    ///   - extraHeaders: Extra header fields, in order.
    ///   - bodyText: The body text.
    ///   - attachmentFileName: The raw attachment file name.
    ///   - attachmentType: The attachment's type.
    ///   - attachmentByteCount: The attachment's size in bytes.
    ///   - boundary: The multipart boundary.
    ///   - replaces: The Message-ID of the message this one replaces, if any.
    public init(
        from: Mailbox,
        to: Mailbox,
        subject: String,
        date: Date,
        utcOffsetSeconds: Int = 0,
        messageID: String,
        extraHeaders: [(name: String, value: String)] = [],
        bodyText: String,
        attachmentFileName: String,
        attachmentType: AttachmentType,
        attachmentByteCount: Int,
        boundary: String,
        replaces: String? = nil
    ) {
        self.replaces = replaces
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.utcOffsetSeconds = utcOffsetSeconds
        self.messageID = messageID
        self.extraHeaders = extraHeaders
        self.bodyText = bodyText
        self.attachmentFileName = attachmentFileName
        self.attachmentType = attachmentType
        self.attachmentByteCount = attachmentByteCount
        self.boundary = boundary
    }

    /// Composes everything except the base64 attachment body.
    ///
    /// `head` holds the header fields (`Date`, `From`, `To`, `Subject`, `Message-ID`,
    /// `In-Reply-To` and `References` when ``replaces`` is set, `MIME-Version`, the extra headers in order, `Content-Type: multipart/mixed`), a blank
    /// line, a one-line preamble, the text part (quoted-printable `text/plain; charset=utf-8`),
    /// and the attachment part's header fields: `Content-Type` with a `name=` ASCII
    /// fallback, `Content-Disposition: attachment` with a `filename=` ASCII fallback plus,
    /// when the real name differs from it, RFC 2231 `filename*=UTF-8''…` (split into
    /// `filename*0*=`, `filename*1*=`… on separate lines when long), and
    /// `Content-Transfer-Encoding: base64`, then the blank line. `tail` is the closing
    /// `--boundary--` line. The complete message is `head`, the attachment through
    /// ``Base64LineEncoder``, then `tail`.
    /// - Returns: The layout; the same message always gives the same bytes.
    /// - Throws: ``MIMEError`` with ``MIMEError/Code/invalidMessageID``,
    ///   ``MIMEError/Code/invalidBoundary`` (also when `--` + boundary occurs in the content),
    ///   ``MIMEError/Code/invalidHeaderName`` or ``MIMEError/Code/emptyAttachment``.
    public func layout() throws(MIMEError) -> MessageLayout {
        try MessageValidation.validateMessageID(messageID)
        if let replaces { try MessageValidation.validateMessageID(replaces) }
        try MessageValidation.validateBoundary(boundary)
        for header in extraHeaders {
            try MessageValidation.validateHeaderName(header.name)
        }
        guard attachmentByteCount > 0 else {
            throw MIMEError(.emptyAttachment, "attachment byte count is \(attachmentByteCount), expected at least 1")
        }
        let body = QuotedPrintable.encode(bodyText)
        let fileName = AttachmentFileName.sanitize(attachmentFileName)
        var attachmentHeader = HeaderFolding.field(
            "Content-Type", tokens: FileNameParameter.contentTypeTokens(type: attachmentType, fileName: fileName)
        )
        attachmentHeader += HeaderFolding.field(
            "Content-Disposition", tokens: FileNameParameter.contentDispositionTokens(fileName: fileName)
        )
        attachmentHeader += "Content-Transfer-Encoding: base64\r\n\r\n"
        guard !MessageValidation.containsDelimiter(body + Array(attachmentHeader.utf8), boundary: boundary) else {
            throw MIMEError(.invalidBoundary, "boundary occurs in the message content: \(MIMEError.quoted(boundary))")
        }

        let delimiter = "--" + boundary + "\r\n"
        var head = messageHeader() + "\r\n" + Self.preamble + "\r\n" + delimiter
        head += "Content-Type: text/plain; charset=utf-8\r\n"
        head += "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        let headBytes = Array(head.utf8) + body + Array((delimiter + attachmentHeader).utf8)

        let tail = Array(("--" + boundary + "--\r\n").utf8)
        return MessageLayout(head: headBytes, tail: tail, attachmentByteCount: attachmentByteCount)
    }

    /// Composes the complete message bytes, for small attachments and tests.
    ///
    /// The attachment's size is taken from `attachment` (``attachmentByteCount`` is
    /// ignored), and its content must match ``attachmentType``.
    /// - Parameter attachment: The whole attachment file.
    /// - Returns: `head` + base64 lines of `attachment` + `tail`.
    /// - Throws: The errors of ``layout()``; ``MIMEError/Code/emptyAttachment`` for an empty
    ///   attachment; ``MIMEError/Code/unsupportedAttachment`` when its magic number is not
    ///   the one of ``attachmentType``.
    public func encoded(attachment: [UInt8]) throws(MIMEError) -> [UInt8] {
        let detected = try AttachmentType(leadingBytes: attachment)
        guard detected == attachmentType else {
            throw MIMEError(
                .unsupportedAttachment,
                "attachment content is \(detected.rawValue) but attachmentType is \(attachmentType.rawValue)"
            )
        }
        var message = self
        message.attachmentByteCount = attachment.count
        let layout = try message.layout()
        var output: [UInt8] = []
        output.reserveCapacity(layout.totalLength)
        output += layout.head
        var encoder = Base64LineEncoder()
        encoder.encode(attachment, into: &output)
        encoder.finish(into: &output)
        output += layout.tail
        return output
    }

    /// The top-level header fields, each ended by CRLF, without the blank line.
    func messageHeader() -> String {
        var header = OriginatorFields.header(from: from, to: to, subject: subject, date: date,
                                             utcOffsetSeconds: utcOffsetSeconds, messageID: messageID,
                                             replaces: replaces, extraHeaders: extraHeaders)
        header += HeaderFolding.field(
            "Content-Type", tokens: ["multipart/mixed;", "boundary=" + FileNameParameter.quoted(boundary)]
        )
        return header
    }
}
