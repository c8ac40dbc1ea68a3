import MIME
import Testing

@Suite("Mailbox")
struct MailboxTests {
    let address = Samples.address("jd@example.com")

    @Test("Without a display name the value is the bare angle address")
    func addressOnly() {
        #expect(Mailbox(address: address).headerValue() == "<jd@example.com>")
        #expect(Mailbox(displayName: "", address: address).headerValue() == "<jd@example.com>")
        #expect(Mailbox(displayName: " \r\n\t", address: address).headerValue() == "<jd@example.com>")
    }

    @Test("An ASCII name becomes a quoted-string with quotes and backslashes escaped", arguments: [
        ("Jean Dupont", #""Jean Dupont" <jd@example.com>"#),
        (#"Jean "JD" Dupont"#, #""Jean \"JD\" Dupont" <jd@example.com>"#),
        (#"back\slash"#, #""back\\slash" <jd@example.com>"#),
        ("O'Brien, Ltd. <ceo@corp.com>", #""O'Brien, Ltd. <ceo@corp.com>" <jd@example.com>"#),
    ])
    func quotedName(name: String, expected: String) {
        #expect(Mailbox(displayName: name, address: address).headerValue() == expected)
    }

    @Test("A non-ASCII name becomes UTF-8 encoded words that decode to the sanitised name", arguments: [
        "Société Générale", "請求書 株式会社", "Chloé 👩‍👩‍👧 🇫🇷", "Zoë\r\nBcc: evil@x.com",
        String(repeating: "é", count: 300), "Plain but =?UTF-8?B?ZXZpbA==?= inside",
        String(repeating: "x", count: 300),
    ])
    func encodedName(name: String) throws {
        let value = Mailbox(displayName: name, address: address).headerValue()
        // Then the value is ASCII, one line, ends with the address, and round-trips.
        #expect(value.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F })
        #expect(value.hasSuffix(" <jd@example.com>"))
        #expect(value.hasPrefix("=?UTF-8?B?"))
        let words = value.dropLast(" <jd@example.com>".count)
        #expect(decodeEncodedWords(String(words)) == HeaderText.sanitize(name))
        for word in words.split(separator: " ") {
            #expect(word.utf8.count <= 72)
        }
    }

    @Test("Injection attempts in the display name stay inside the phrase")
    func injection() {
        let mailbox = Mailbox(displayName: "Evil\r\nBcc: victim@y.com\r\n", address: address)
        #expect(mailbox.headerValue() == #""Evil Bcc: victim@y.com" <jd@example.com>"#)
    }
}
