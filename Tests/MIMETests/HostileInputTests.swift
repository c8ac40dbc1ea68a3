import MIME
import Testing

/// One set of untrusted inputs for a composed message.
struct HostileCase: Sendable, CustomTestStringConvertible {
    var label: String
    var subject = "Facture"
    var fromName: String? = "Facteur"
    var toName: String? = nil
    var fileName = "facture.pdf"
    var extraValue = "7f0c2d4e"
    var body = "Bonjour"

    var testDescription: String { label }
}

@Suite("Hostile inputs")
struct HostileInputTests {
    static let longASCII = Array(repeating: "Facture fournisseur Boulangerie", count: 10).joined(separator: " ")

    static let cases: [HostileCase] = [
        HostileCase(label: "accents", subject: "Facture n° 42 — Société Générale, réglée",
                    fromName: "Chloé Dupré", toName: "Comptabilité", fileName: "Facture Société Générale – été.pdf",
                    extraValue: "référence é", body: "Réglée à l'été.\nMerci !"),
        HostileCase(label: "emoji", subject: "🧾 Invoice 👩‍👩‍👧‍👦 🇫🇷🏳️‍🌈", fromName: "Bot 🤖",
                    fileName: "🧾 facture 👩‍👩‍👧.pdf", extraValue: "🇫🇷", body: "Voilà 👍\n"),
        HostileCase(label: "CJK", subject: "請求書 2026年11月分 株式会社テスト", fromName: "株式会社テスト",
                    toName: "经理", fileName: "請求書_2026年11月.pdf", body: "請求書を添付します。"),
        HostileCase(label: "quotes and backslashes", subject: #"O'Brien "JD" \ Ltd"#,
                    fromName: #"O'Brien "JD" \ Ltd"#, toName: #"\"#, fileName: #"l'été "2026" back\slash.pdf"#,
                    extraValue: #"a "b" \c"#, body: #"He said "hi" \o/"#),
        HostileCase(label: "CRLF injection", subject: "Invoice\r\nBcc: evil@x.com\r\n\r\nbody",
                    fromName: "Eve\r\nBcc: evil@x.com", toName: "\r\nTo: evil@x.com",
                    fileName: "a.pdf\r\nContent-Type: text-html\r\n\r\n<script>",
                    extraValue: "v\r\nBcc: evil@x.com", body: "line\r\n.\r\nMAIL FROM:<evil@x.com>\r\n.\r\nQUIT"),
        HostileCase(label: "bare LF, CR, NEL and separators", subject: "a\nBcc: evil@x.com\rCc: y@z.com\u{85}x\u{2028}y",
                    fromName: "n\nBcc: e@x.com\u{2029}", fileName: "x\n\r\u{85}.pdf", extraValue: "\u{2028}Bcc: e@x.com",
                    body: "a\rb\nc\u{2028}d"),
        HostileCase(label: "300-character names", subject: longASCII, fromName: String(repeating: "é", count: 300),
                    toName: longASCII, fileName: String(repeating: "n", count: 300) + ".pdf",
                    extraValue: String(repeating: "ü", count: 300), body: String(repeating: "x", count: 300)),
        HostileCase(label: "300-character accented names", subject: String(repeating: "Société ", count: 40),
                    fromName: String(repeating: "Zoë ", count: 75), fileName: String(repeating: "été ", count: 75) + ".pdf"),
        HostileCase(label: "unbreakable ASCII", subject: String(repeating: "x", count: 1500),
                    fromName: String(repeating: "y", count: 1500), fileName: String(repeating: "z", count: 1500) + ".pdf",
                    extraValue: String(repeating: "w", count: 1500), body: String(repeating: "v", count: 1500)),
        HostileCase(label: "path traversal with slashes", fileName: "../../etc/passwd.pdf"),
        HostileCase(label: "path traversal with backslashes", fileName: "..\\..\\boot.ini.pdf"),
        HostileCase(label: "leading dots", subject: ".hidden subject", fromName: ".Dot", toName: "..",
                    fileName: "...pdf", extraValue: ".v", body: ".\n..\n.leading\nFrom me\n. \n"),
        HostileCase(label: "encoded-word lookalikes", subject: "=?UTF-8?B?QmNjOiBldmlsQHguY29t?=",
                    fromName: "=?UTF-8?B?ZXZpbA==?= <evil@x.com>", fileName: "=?UTF-8?B?ZXZpbA==?=.pdf",
                    extraValue: "=?utf-8?q?x?="),
        HostileCase(label: "boundary lookalikes", subject: "--=_facteur_test", fromName: "--=_facteur_test--",
                    fileName: "--=_facteur_test.pdf", extraValue: "--=_facteur_test",
                    body: "--=_facteur_test\n--=_facteur_test--\n"),
        HostileCase(label: "empty and blank", subject: "", fromName: " ", toName: "\r\n", fileName: "",
                    extraValue: "", body: ""),
    ]

    @Test("Every composed message keeps the wire invariants", arguments: cases)
    func invariants(input: HostileCase) throws {
        // Given a message built from hostile inputs,
        let message = Samples.message(
            fromName: input.fromName, toName: input.toName, subject: input.subject,
            extraHeaders: [("X-Facteur-Qonto-Id", input.extraValue)], bodyText: input.body, fileName: input.fileName
        )
        // When it is composed,
        let bytes = try message.encoded(attachment: Samples.pdf)
        // Then it is 7-bit, CRLF-only, has no '.'-led or over-long line, only the expected fields,
        // and the boundary only where it belongs.
        #expect(messageViolations(bytes, boundary: Samples.boundary, extraHeaderNames: ["X-Facteur-Qonto-Id"]) == [])
    }

    @Test("Untrusted values read back as their sanitised selves", arguments: cases)
    func roundTrip(input: HostileCase) throws {
        let message = Samples.message(
            fromName: input.fromName, toName: input.toName, subject: input.subject,
            extraHeaders: [("X-Facteur-Qonto-Id", input.extraValue)], bodyText: input.body, fileName: input.fileName
        )
        let parsed = try #require(ParsedMessage(try message.encoded(attachment: Samples.pdf), boundary: Samples.boundary))
        #expect(decodeEncodedWords(parsed.header.value("Subject") ?? "?") == HeaderText.sanitize(input.subject))
        #expect(decodeEncodedWords(parsed.header.value("X-Facteur-Qonto-Id") ?? "?") == HeaderText.sanitize(input.extraValue))
        #expect(parsed.header.value("From") == message.from.headerValue())
        #expect(parsed.header.value("To") == message.to.headerValue())
        #expect(parsed.header.value("Bcc") == nil && parsed.header.value("Cc") == nil)
        let disposition = try #require(parsed.parts[1].header.value("Content-Disposition"))
        #expect(disposition.hasPrefix("attachment;"))
        #expect(decodedFileName(dispositionValue: disposition) == AttachmentFileName.sanitize(input.fileName))
        #expect(decodeBase64(parsed.parts[1].body.utf8) == Samples.pdf)
    }

    @Test("Display names decode to their sanitised selves", arguments: cases)
    func displayNames(input: HostileCase) {
        for name in [input.fromName, input.toName] {
            let value = Mailbox(displayName: name, address: Samples.address("x@example.com")).headerValue()
            let phrase = String(value.dropLast(" <x@example.com>".count))
            let sanitised = HeaderText.sanitize(name ?? "")
            if sanitised.isEmpty {
                #expect(value == "<x@example.com>")
            } else if phrase.hasPrefix("\"") {
                let unquoted = parameters(of: "x; n=" + phrase).first?.value
                #expect(unquoted == sanitised)
            } else {
                #expect(decodeEncodedWords(phrase) == sanitised)
            }
        }
    }

    @Test("The invariant checker itself catches each kind of violation")
    func checkerCatchesViolations() throws {
        // Given a valid message, each corruption below must be reported.
        let valid = String(decoding: try Samples.message().encoded(attachment: Samples.pdf), as: UTF8.self)
        #expect(messageViolations(Array(valid.utf8), boundary: Samples.boundary, extraHeaderNames: ["X-Facteur-Qonto-Id"]) == [])
        let corruptions = [
            valid.replacing("MIME-Version: 1.0\r\n", with: "MIME-Version: 1.0\r\nBcc: evil@x.com\r\n"),
            valid.replacing("Bonjour,\r\n", with: "Bonjour,\n"),
            valid.replacing("Bonjour,\r\n", with: "Bonjour,\r"),
            valid.replacing("Bonjour,", with: ".Bonjour,"),
            valid.replacing("Bonjour,", with: "Bonjour, é"),
            valid.replacing("Bonjour,", with: "Bonjour, --=_facteur_test"),
            valid.replacing("Bonjour,", with: String(repeating: "x", count: 999)),
            valid.replacing("Subject: Facture", with: "Subject: " + String(repeating: "x ", count: 40) + "Facture"),
        ]
        for corrupted in corruptions {
            #expect(messageViolations(Array(corrupted.utf8), boundary: Samples.boundary, extraHeaderNames: ["X-Facteur-Qonto-Id"]) != [])
        }
    }
}
