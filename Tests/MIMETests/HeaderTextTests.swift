import MIME
import Testing

@Suite("HeaderText")
struct HeaderTextTests {
    @Test("Line breaks and controls become single spaces", arguments: [
        ("Facture\r\nBcc: evil@x.com", "Facture Bcc: evil@x.com"),
        ("a\rb\nc\r\n\r\nd", "a b c d"),
        ("tab\there", "tab here"),
        ("nul\u{0}bell\u{7}del\u{7F}", "nul bell del"),
        ("next\u{85}line", "next line"),
        ("c1\u{9B}csi", "c1 csi"),
        ("line\u{2028}para\u{2029}end", "line para end"),
        ("no\u{A0}break\u{3000}ideographic", "no break ideographic"),
        ("  many   spaces  ", "many spaces"),
        ("\r\n\t ", ""),
        ("", ""),
    ])
    func replacesWithSpaces(input: String, expected: String) {
        #expect(HeaderText.sanitize(input) == expected)
    }

    @Test("Bidirectional formatting characters and the BOM are removed")
    func removesBidiControls() {
        #expect(HeaderText.sanitize("invoice\u{202E}fdp.exe") == "invoicefdp.exe")
        #expect(HeaderText.sanitize("\u{FEFF}Soci\u{200E}été\u{2066}x\u{2069}") == "Sociétéx")
    }

    @Test("Visible text, accents, CJK and emoji sequences are kept")
    func keepsText() {
        let text = "Société Générale – 請求書 👩‍👩‍👧 🇫🇷 l'été \"quoted\" back\\slash"
        #expect(HeaderText.sanitize(text) == text)
    }

    @Test("Sanitising is idempotent and never leaves CR or LF", arguments: [
        "a\r\nb", " \u{2028} x \u{85} ", "é\u{301}\r", "\u{200E}\n\u{200E}", "x\u{0}\u{0}y",
    ])
    func idempotent(input: String) {
        let once = HeaderText.sanitize(input)
        #expect(HeaderText.sanitize(once) == once)
        #expect(!once.unicodeScalars.contains { $0 == "\r" || $0 == "\n" })
        #expect(once.first != " " && once.last != " ")
    }
}
