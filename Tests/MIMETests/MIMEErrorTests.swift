import MIME
import Testing

@Suite("MIMEError")
struct MIMEErrorTests {
    @Test("The description is the code name followed by the message")
    func description() {
        let error = MIMEError(.invalidBoundary, "boundary is empty")
        #expect(error.description == "invalidBoundary: boundary is empty")
        #expect(MIMEError.Code.emptyAttachment.description == "emptyAttachment")
    }

    @Test("Errors compare by code and message")
    func equality() {
        #expect(MIMEError(.invalidAddress, "x") == MIMEError(.invalidAddress, "x"))
        #expect(MIMEError(.invalidAddress, "x") != MIMEError(.invalidMessageID, "x"))
        let codes: Set<MIMEError.Code> = [
            .invalidAddress, .invalidMessageID, .invalidBoundary, .invalidHeaderName,
            .unsupportedAttachment, .emptyAttachment,
        ]
        #expect(codes.count == 6)
    }

    @Test("Quoting neutralises control and non-ASCII characters")
    func quoting() {
        #expect(MIMEError.quoted("a\"b\\c") == #""a\"b\\c""#)
        #expect(MIMEError.quoted("x\r\nBcc: y\t") == #""x\r\nBcc: y\t""#)
        #expect(MIMEError.quoted("\u{0}\u{7F}\u{85}é\u{2028}") == #""\u{0}\u{7F}\u{85}\u{E9}\u{2028}""#)
        #expect(MIMEError.quoted(String(repeating: "a", count: 10), limit: 4) == #""aaaa...""#)
    }
}
