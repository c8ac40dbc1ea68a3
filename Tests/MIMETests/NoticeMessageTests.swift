import Foundation
import MIME
import Testing

@Suite struct NoticeMessageTests {
    func notice(subject: String = "[Facteur] Action needed", body: String) throws -> String {
        let message = NoticeMessage(
            from: Mailbox(displayName: "Facteur", address: try EmailAddress("factures@example.fr")),
            to: Mailbox(address: try EmailAddress("owner@example.fr")), subject: subject,
            date: Date(timeIntervalSince1970: 1_764_000_000), messageID: "facteur.incident.3@facteur",
            extraHeaders: [("X-Facteur-Incident", "3")], bodyText: body)
        return String(decoding: try message.encoded(), as: UTF8.self)
    }

    @Test func aNoticeIsOneQuotedPrintableTextPartWithTheUsualHeaders() throws {
        let text = try notice(body: "Qonto a refusé la clé.\n.\nfacteur secret set qonto_secret_key")
        let head = text.components(separatedBy: "\r\n\r\n")[0]
        #expect(head.hasPrefix("Date: "))
        #expect(head.contains("\r\nFrom: \"Facteur\" <factures@example.fr>\r\n"))
        #expect(head.contains("\r\nTo: <owner@example.fr>\r\n"))
        #expect(head.contains("\r\nMessage-ID: <facteur.incident.3@facteur>\r\n"))
        #expect(head.contains("\r\nX-Facteur-Incident: 3\r\n"))
        #expect(head.hasSuffix("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable"))
        #expect(!text.contains("multipart"))
        // 7-bit, CRLF only, no line starting with a dot (the SMTP data terminator)
        #expect(text.utf8.allSatisfy { $0 < 0x80 })
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!text.components(separatedBy: "\r\n").contains { $0.hasPrefix(".") })
        #expect(text.contains("refus=C3=A9"))
    }

    @Test func headerInjectionInTheSubjectStaysInTheSubject() throws {
        let text = try notice(subject: "Alerte\r\nBcc: attacker@example.com", body: "x")
        #expect(!text.contains("\r\nBcc:"))
    }

    @Test func anInvalidMessageIDIsRefused() throws {
        let message = NoticeMessage(from: Mailbox(address: try EmailAddress("a@example.fr")),
                                    to: Mailbox(address: try EmailAddress("b@example.fr")), subject: "s",
                                    date: Date(), messageID: "no at sign", bodyText: "x")
        #expect(throws: MIMEError.self) { try message.encoded() }
    }
}
