/// The composed message minus its (streamed) attachment body.
///
/// The complete message is ``head``, then the attachment encoded with
/// ``Base64LineEncoder`` (``encodedAttachmentLength`` bytes), then ``tail``. Knowing
/// ``totalLength`` up front lets a transport announce the upload size while streaming a
/// large file straight from disk.
public struct MessageLayout: Sendable, Hashable {
    /// Everything before the base64 attachment body: header fields, text part, attachment part headers.
    public let head: [UInt8]
    /// Everything after the base64 attachment body: the closing `--boundary--` line.
    public let tail: [UInt8]
    /// The size of the attachment file, in bytes (before encoding).
    public let attachmentByteCount: Int

    /// Creates a layout from its parts.
    ///
    /// ``MailMessage/layout()`` is the normal way to get one; this initialiser exists for
    /// tests and doubles.
    /// - Parameters:
    ///   - head: The bytes before the attachment body.
    ///   - tail: The bytes after the attachment body.
    ///   - attachmentByteCount: The size of the attachment file, in bytes.
    public init(head: [UInt8], tail: [UInt8], attachmentByteCount: Int) {
        self.head = head
        self.tail = tail
        self.attachmentByteCount = attachmentByteCount
    }

    /// The size of the base64 attachment body, CRLFs included.
    ///
    /// Equal to ``Base64LineEncoder/encodedLength(byteCount:)`` of ``attachmentByteCount``.
    public var encodedAttachmentLength: Int {
        Base64LineEncoder.encodedLength(byteCount: attachmentByteCount)
    }

    /// The size of the complete message: head, encoded attachment and tail.
    public var totalLength: Int {
        head.count + encodedAttachmentLength + tail.count
    }
}
