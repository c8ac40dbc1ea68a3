/// The three file types Pennylane's OCR reads.
///
/// The type is decided from the file's content (its magic number), never from its name.
public enum AttachmentType: String, Sendable, Hashable, CaseIterable {
    /// A PDF document, starting with `%PDF-`.
    case pdf
    /// A JPEG image, starting with `FF D8 FF`.
    case jpeg
    /// A PNG image, starting with `89 50 4E 47 0D 0A 1A 0A`.
    case png

    /// The media type for `Content-Type`: `application/pdf`, `image/jpeg` or `image/png`.
    public var mimeType: String {
        switch self {
        case .pdf: "application/pdf"
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        }
    }

    /// The usual file name extension, without dot: `pdf`, `jpg` or `png`.
    public var fileExtension: String {
        switch self {
        case .pdf: "pdf"
        case .jpeg: "jpg"
        case .png: "png"
        }
    }

    /// The magic number that starts every file of this type.
    var magic: [UInt8] {
        switch self {
        case .pdf: Array("%PDF-".utf8)
        case .jpeg: [0xFF, 0xD8, 0xFF]
        case .png: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        }
    }

    /// Detects the type from the file's first bytes.
    ///
    /// Checks the magic numbers `%PDF-`, `FF D8 FF` and `89 50 4E 47 0D 0A 1A 0A`. Eight
    /// leading bytes are enough; more are ignored.
    /// - Parameter leadingBytes: The start of the file (or the whole file).
    /// - Returns: The detected type, or `nil` for anything else, including too few bytes.
    public static func detect(leadingBytes: some Collection<UInt8>) -> AttachmentType? {
        let head = Array(leadingBytes.prefix(8))
        return allCases.first { head.starts(with: $0.magic) }
    }

    /// Detects the type from the file's first bytes, throwing when it is not supported.
    ///
    /// Same detection as ``detect(leadingBytes:)``, for callers that want the module's error.
    /// - Parameter leadingBytes: The start of the file (or the whole file).
    /// - Throws: ``MIMEError/Code/emptyAttachment`` for no bytes, and
    ///   ``MIMEError/Code/unsupportedAttachment`` when no magic number matches.
    public init(leadingBytes: some Collection<UInt8>) throws(MIMEError) {
        guard !leadingBytes.isEmpty else {
            throw MIMEError(.emptyAttachment, "attachment is empty")
        }
        guard let type = Self.detect(leadingBytes: leadingBytes) else {
            let hex = leadingBytes.prefix(8).map { byte in
                let digits = String(byte, radix: 16, uppercase: true)
                return digits.count == 1 ? "0" + digits : digits
            }
            throw MIMEError(
                .unsupportedAttachment,
                "attachment is not a PDF, JPEG or PNG file (starts with \(hex.joined(separator: " ")))"
            )
        }
        self = type
    }
}
