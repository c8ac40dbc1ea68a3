import MIME
import Testing

@Suite struct RecipientRewriteTests {
    let header = "Date: Mon, 24 Nov 2025 16:00:00 +0000\r\nFrom: <a@example.fr>\r\nTo: \"Un nom très long qui sera replié\"\r\n <old@example.fr>\r\nSubject: x\r\n\r\n"

    @Test func onlyTheToFieldAndItsContinuationLinesChange() throws {
        let rewritten = try RecipientRewrite.rewrite(header: Array(header.utf8), to: Mailbox(address: try EmailAddress("new@example.fr")))
        #expect(String(decoding: rewritten, as: UTF8.self)
                == "Date: Mon, 24 Nov 2025 16:00:00 +0000\r\nFrom: <a@example.fr>\r\nTo: <new@example.fr>\r\nSubject: x\r\n\r\n")
    }

    @Test func aHeaderWithoutExactlyOneToFieldIsRefused() throws {
        let none = Array("From: <a@example.fr>\r\n\r\n".utf8)
        let two = Array("To: <a@example.fr>\r\nTo: <b@example.fr>\r\n\r\n".utf8)
        let recipient = Mailbox(address: try EmailAddress("new@example.fr"))
        #expect(throws: MIMEError.self) { try RecipientRewrite.rewrite(header: none, to: recipient) }
        #expect(throws: MIMEError.self) { try RecipientRewrite.rewrite(header: two, to: recipient) }
    }
}
