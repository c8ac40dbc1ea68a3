import MIME
import Testing

@Suite("QuotedPrintable")
struct QuotedPrintableTests {
    func encode(_ text: String) -> String {
        String(decoding: QuotedPrintable.encode(text), as: UTF8.self)
    }

    /// Decodes the output, drops its final CRLF and maps the others back to LF.
    func roundTrip(_ text: String) -> String? {
        guard let decoded = decodeQuotedPrintable(QuotedPrintable.encode(text)),
              let string = String(validating: decoded, as: UTF8.self)
        else { return nil }
        return string.splitAtCRLF().dropLast().joined(separator: "\n")
    }

    @Test("Known encodings", arguments: [
        ("", "\r\n"),
        ("Bonjour", "Bonjour\r\n"),
        ("a=b", "a=3Db\r\n"),
        ("Réglé", "R=C3=A9gl=C3=A9\r\n"),
        ("trailing space \ntab\t\n", "trailing space=20\r\ntab=09\r\n"),
        ("inner\ttab kept", "inner\ttab kept\r\n"),
        ("bell\u{7}del\u{7F}", "bell=07del=7F\r\n"),
        (".\n..dots\n. x", "=2E\r\n=2E.dots\r\n=2E x\r\n"),
        ("From here\nFrom\nFromage\n From x", "=46rom here\r\nFrom\r\nFromage\r\n From x\r\n"),
    ])
    func known(input: String, expected: String) {
        #expect(encode(input) == expected)
    }

    @Test("CRLF, LF and CR line endings all become CRLF")
    func lineEndings() {
        #expect(encode("a\r\nb\nc\rd") == "a\r\nb\r\nc\r\nd\r\n")
        #expect(encode("a\n") == "a\r\n")
        #expect(encode("a\n\n") == "a\r\n\r\n")
        #expect(encode("\r\n\r\n") == "\r\n\r\n")
        #expect(encode("a\n\r\nb") == "a\r\n\r\nb\r\n")
    }

    @Test("Soft line breaks keep lines within 76 characters", arguments: [
        String(repeating: "x", count: 76), String(repeating: "x", count: 77),
        String(repeating: "é", count: 100), String(repeating: "a ", count: 80),
        String(repeating: "=", count: 60), String(repeating: "ab.", count: 60),
        String(repeating: "x", count: 75) + ".From is here", String(repeating: "y", count: 75) + "From here",
    ])
    func softBreaks(text: String) {
        let lines = encode(text).splitAtCRLF().dropLast()
        for line in lines {
            #expect(line.utf8.count <= 76)
            #expect(!line.hasPrefix("."))
            #expect(!line.hasPrefix("From "))
            #expect(!line.hasSuffix(" ") && !line.hasSuffix("\t"))
        }
        #expect(roundTrip(text) == text)
    }

    @Test("A 76-character line needs no soft break, a 77-character one does")
    func exactLimit() {
        #expect(encode(String(repeating: "x", count: 76)) == String(repeating: "x", count: 76) + "\r\n")
        #expect(encode(String(repeating: "x", count: 77))
            == String(repeating: "x", count: 75) + "=\r\nxx\r\n")
    }

    @Test("Hostile and multilingual text round-trips and stays 7-bit", arguments: [
        "Bonjour,\n\nVeuillez trouver la facture n° 42 — Société Générale.\n-- \nFacteur\n",
        "請求書を添付します。\r\nよろしくお願いします。",
        "👩‍👩‍👧 🇫🇷 " + String(repeating: "🧾", count: 50),
        ".\r\n.\r\n..\r\nQUIT\r\n",
        "line\r\n.\r\nRCPT TO:<evil@x.com>\r\n",
        "--=_facteur_test\n--=_facteur_test--\n",
        "nul\u{0}byte and\u{85}nel",
    ])
    func hostile(text: String) {
        let bytes = QuotedPrintable.encode(text)
        #expect(bytes.allSatisfy { $0 < 0x80 })
        #expect(bytes.suffix(2) == [13, 10])
        let output = String(decoding: bytes, as: UTF8.self)
        #expect(!output.contains("=_"))
        for line in output.splitAtCRLF() {
            #expect(!line.hasPrefix("."))
            #expect(!line.contains("\r") && !line.contains("\n"))
        }
        let normalised = text.replacing("\r\n", with: "\n").replacing("\r", with: "\n")
        let expected = normalised.hasSuffix("\n") ? String(normalised.dropLast()) : normalised
        #expect(roundTrip(text) == expected)
    }
}
