import MIME
import Testing

@Suite("MailMessage")
struct MailMessageTests {
    /// The error code `layout()` throws for `message`, or `nil` when it succeeds.
    func layoutErrorCode(_ message: MailMessage) -> MIMEError.Code? {
        do {
            _ = try message.layout()
            return nil
        } catch {
            return error.code
        }
    }

    @Test("The complete message is head, base64 attachment and tail, of the announced length")
    func layoutAssembly() throws {
        let message = Samples.message()
        let layout = try message.layout()
        let complete = try message.encoded(attachment: Samples.pdf)
        #expect(layout.attachmentByteCount == Samples.pdf.count)
        #expect(layout.encodedAttachmentLength == referenceBase64Lines(Samples.pdf).count)
        #expect(complete == layout.head + referenceBase64Lines(Samples.pdf) + layout.tail)
        #expect(complete.count == layout.totalLength)
        #expect(String(decoding: layout.tail, as: UTF8.self) == "--=_facteur_test--\r\n")
        #expect(try message.layout() == layout)
    }

    @Test("The parts decode to the body text and the attachment bytes")
    func partsDecode() throws {
        let message = Samples.message(type: .png)
        let bytes = try message.encoded(attachment: Samples.png)
        #expect(messageViolations(bytes, boundary: Samples.boundary, extraHeaderNames: ["X-Facteur-Qonto-Id"]) == [])
        let parsed = try #require(ParsedMessage(bytes, boundary: Samples.boundary))
        #expect(parsed.preamble == ["This is a multi-part message in MIME format."])
        #expect(parsed.parts[0].header.value("Content-Type") == "text/plain; charset=utf-8")
        #expect(parsed.parts[0].header.value("Content-Transfer-Encoding") == "quoted-printable")
        let text = decodeQuotedPrintable(Array(parsed.parts[0].body.utf8))
        #expect(text.map { String(decoding: $0, as: UTF8.self) }
            == "Bonjour,\r\n\r\nVeuillez trouver ci-joint la facture FA-2026-0042.\r\n\r\n-- \r\nFacteur")
        #expect(parsed.parts[1].header.value("Content-Type") == #"image/png; name="FA-2026-0042.pdf""#)
        #expect(parsed.parts[1].header.value("Content-Transfer-Encoding") == "base64")
        #expect(decodeBase64(parsed.parts[1].body.utf8) == Samples.png)
    }

    @Test("Message-IDs must be dot-atom-text @ dot-atom-text", arguments: [
        ("qonto.supplier_invoice.7f0c@facteur", true),
        ("a@b", true),
        (String(repeating: "a", count: 248) + "@b", true),
        (String(repeating: "a", count: 249) + "@b", false),
        ("", false), ("<a@b>", false), ("a", false), ("a@b@c", false), ("a b@c", false),
        ("a@b\r\nBcc: evil@x.com", false), (".a@b", false), ("a@b.", false), ("a..b@c", false),
        ("é@b", false), ("a@[1.2.3.4]", false), ("a\"b@c", false),
    ])
    func messageID(id: String, valid: Bool) {
        let code = layoutErrorCode(Samples.message(messageID: id))
        #expect(code == (valid ? nil : .invalidMessageID))
    }

    @Test("Boundaries must be 1 to 70 bchars not ending with a space", arguments: [
        ("=_facteur_test", true), ("a", true), ("=_a b", true), ("'()+_,-./:=?", true),
        (String(repeating: "b", count: 70), true), (String(repeating: "b", count: 71), false),
        ("", false), ("ends ", false), ("a\"b", false), ("a\r\nb", false), ("é", false),
        ("a;b", false), ("a<b>", false), ("a\\b", false),
    ])
    func boundary(boundary: String, valid: Bool) {
        let code = layoutErrorCode(Samples.message(boundary: boundary))
        #expect(code == (valid ? nil : .invalidBoundary))
    }

    @Test("A boundary that occurs in the content is refused")
    func boundaryInContent() {
        // Given a caller-chosen boundary without "=_", and content that contains it,
        // Then composing fails instead of producing an ambiguous multipart message.
        #expect(layoutErrorCode(Samples.message(bodyText: "Hello\n--simple\nworld", boundary: "simple")) == .invalidBoundary)
        #expect(layoutErrorCode(Samples.message(bodyText: "Hello --simple", boundary: "simple")) == .invalidBoundary)
        #expect(layoutErrorCode(Samples.message(fileName: "--simple.pdf", boundary: "simple")) == .invalidBoundary)
        #expect(layoutErrorCode(Samples.message(bodyText: "Hello -simple", boundary: "simple")) == nil)
        // And a "=_" boundary cannot be produced by hostile content at all.
        let hostile = Samples.message(
            subject: "--=_facteur_test", bodyText: "--=_facteur_test\n--=_facteur_test--", fileName: "--=_facteur_test.pdf"
        )
        #expect(layoutErrorCode(hostile) == nil)
    }

    @Test("Extra header names must be ftext and not reserved", arguments: [
        ("X-Facteur-Qonto-Id", true), ("X-Custom_Header!", true), (String(repeating: "X", count: 76), true),
        (String(repeating: "X", count: 77), false), ("", false), ("X Space", false), ("X:Colon", false),
        ("X-\r\nBcc", false), ("X-é", false), (".Dot", false), ("Bcc", false), ("cc", false),
        ("TO", false), ("Subject", false), ("Content-Type", false), ("content-foo", false),
        ("Resent-To", false), ("Reply-To", false), ("Message-ID", false), ("MIME-Version", false),
    ])
    func headerName(name: String, valid: Bool) {
        let code = layoutErrorCode(Samples.message(extraHeaders: [(name, "value")]))
        #expect(code == (valid ? nil : .invalidHeaderName))
    }

    @Test("An empty attachment is refused")
    func emptyAttachment() {
        #expect(layoutErrorCode(Samples.message(byteCount: 0)) == .emptyAttachment)
        #expect(layoutErrorCode(Samples.message(byteCount: -1)) == .emptyAttachment)
        #expect(throws: MIMEError(.emptyAttachment, "attachment is empty")) {
            try Samples.message().encoded(attachment: [])
        }
    }

    @Test("The attachment content must match the declared type")
    func contentMismatch() {
        #expect(throws: MIMEError.self) { try Samples.message(type: .png).encoded(attachment: Samples.pdf) }
        do {
            _ = try Samples.message().encoded(attachment: Array("GIF89a".utf8))
        } catch {
            #expect(error.code == .unsupportedAttachment)
        }
    }

    @Test("encoded(attachment:) takes the size from the bytes given")
    func sizeFromBytes() throws {
        let bytes = try Samples.message(byteCount: 1).encoded(attachment: Samples.pdf)
        #expect(bytes == (try Samples.message().encoded(attachment: Samples.pdf)))
    }

    @Test("Extra headers are written in order, sanitised and encoded")
    func extraHeaders() throws {
        let message = Samples.message(extraHeaders: [
            ("X-First", "one"), ("X-Second", "deux\r\nBcc: evil@x.com é"), ("X-Empty", "\r\n"),
        ])
        let bytes = try message.encoded(attachment: Samples.pdf)
        #expect(messageViolations(bytes, boundary: Samples.boundary, extraHeaderNames: ["X-First", "X-Second", "X-Empty"]) == [])
        let parsed = try #require(ParsedMessage(bytes, boundary: Samples.boundary))
        #expect(parsed.header.value("X-First") == "one")
        #expect(decodeEncodedWords(parsed.header.value("X-Second") ?? "") == "deux Bcc: evil@x.com é")
        #expect(parsed.header.value("X-Empty") == "")
        #expect(parsed.header.value("Bcc") == nil)
    }

    @Test("The date uses the offset given")
    func dateOffset() throws {
        var message = Samples.message()
        message.utcOffsetSeconds = 3_600
        let parsed = try #require(ParsedMessage(try message.encoded(attachment: Samples.pdf), boundary: Samples.boundary))
        #expect(parsed.header.value("Date") == "Wed, 25 Nov 2026 14:02:01 +0100")
    }
}
