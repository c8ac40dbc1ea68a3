import MIME
import Testing

@Suite("AttachmentType")
struct AttachmentTypeTests {
    @Test("Each type has its media type and extension")
    func properties() {
        #expect(AttachmentType.pdf.mimeType == "application/pdf")
        #expect(AttachmentType.jpeg.mimeType == "image/jpeg")
        #expect(AttachmentType.png.mimeType == "image/png")
        #expect(AttachmentType.allCases.map(\.fileExtension) == ["pdf", "jpg", "png"])
    }

    @Test("Magic numbers are recognised", arguments: [
        (Array("%PDF-1.7\n".utf8), AttachmentType.pdf),
        (Array("%PDF-".utf8), .pdf),
        ([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46], .jpeg),
        ([0xFF, 0xD8, 0xFF], .jpeg),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00], .png),
    ] as [([UInt8], AttachmentType)])
    func detects(bytes: [UInt8], expected: AttachmentType) throws {
        #expect(AttachmentType.detect(leadingBytes: bytes) == expected)
        #expect(AttachmentType.detect(leadingBytes: bytes[...]) == expected)
        #expect(try AttachmentType(leadingBytes: bytes) == expected)
    }

    @Test("Anything else is not detected", arguments: [
        [], Array("%PDF".utf8), Array("%pdf-1.4".utf8), Array("GIF89a".utf8), [0xFF, 0xD8],
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A], Array("PK\u{3}\u{4}".utf8), Array(" %PDF-1.4".utf8),
    ] as [[UInt8]])
    func rejects(bytes: [UInt8]) {
        #expect(AttachmentType.detect(leadingBytes: bytes) == nil)
        #expect(throws: MIMEError.self) { try AttachmentType(leadingBytes: bytes) }
    }

    @Test("The throwing detector distinguishes empty from unsupported content")
    func throwingCodes() {
        do {
            _ = try AttachmentType(leadingBytes: [UInt8]())
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .emptyAttachment)
        }
        do {
            _ = try AttachmentType(leadingBytes: Array("GIF89a".utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .unsupportedAttachment)
            #expect(error.message.contains("47 49 46 38 39 61"))
        }
    }
}
