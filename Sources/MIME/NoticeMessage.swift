#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A text-only message, such as the notice that tells the workspace owner an incident stopped
/// Facteur: the same header rules as ``MailMessage``, a single quoted-printable `text/plain` body.
public struct NoticeMessage: Sendable {
    /// The author.
    public var from: Mailbox
    /// The single recipient.
    public var to: Mailbox
    /// The subject, raw and untrusted; sanitised and RFC 2047-encoded.
    public var subject: String
    /// The `Date` header field's instant.
    public var date: Date
    /// The Message-ID without angle brackets.
    public var messageID: String
    /// Extra header fields (validated like ``MailMessage/extraHeaders``).
    public var extraHeaders: [(name: String, value: String)]
    /// The body text, UTF-8 with any line endings.
    public var bodyText: String

    /// Creates a notice.
    /// - Parameters:
    ///   - from: The author.
    ///   - to: The single recipient.
    ///   - subject: The raw subject.
    ///   - date: The `Date` header field's instant (UTC).
    ///   - messageID: The Message-ID, without angle brackets.
    ///   - extraHeaders: Extra header fields, in order.
    ///   - bodyText: The body text.
    public init(from: Mailbox, to: Mailbox, subject: String, date: Date, messageID: String,
                extraHeaders: [(name: String, value: String)] = [], bodyText: String) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.extraHeaders = extraHeaders
        self.bodyText = bodyText
    }

    /// The complete message: 7-bit ASCII, CRLF line endings, no line starting with `.`.
    /// - Throws: ``MIMEError`` for an invalid Message-ID or extra header name.
    public func encoded() throws(MIMEError) -> [UInt8] {
        try MessageValidation.validateMessageID(messageID)
        for header in extraHeaders {
            try MessageValidation.validateHeaderName(header.name)
        }
        var head = OriginatorFields.header(from: from, to: to, subject: subject, date: date, utcOffsetSeconds: 0,
                                           messageID: messageID, extraHeaders: extraHeaders)
        head += "Content-Type: text/plain; charset=utf-8\r\n"
        head += "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        return Array(head.utf8) + QuotedPrintable.encode(bodyText)
    }
}
