import MIME
import Testing

@Suite("EncodedWord")
struct EncodedWordTests {
    /// Splits a folded value into lines and checks the folding is CRLF + SP only.
    func lines(of folded: String) -> [String] {
        let lines = folded.splitAtCRLF()
        for line in lines.dropFirst() {
            #expect(line.hasPrefix(" ") && !line.hasPrefix("  "))
        }
        return lines
    }

    /// Removes the folding CRLFs, as a reader unfolding the header would.
    func unfolded(_ folded: String) -> String {
        lines(of: folded).joined()
    }

    @Test("Short ASCII text stays plain")
    func shortASCII() {
        #expect(EncodedWord.encodeUnstructured("Facture FA-42", headerNameLength: 9) == "Facture FA-42")
        #expect(EncodedWord.encodeUnstructured("", headerNameLength: 9) == "")
        #expect(EncodedWord.encodeUnstructured(" \r\n ", headerNameLength: 9) == "")
    }

    @Test("Long ASCII text is folded at spaces within 78 octets per line")
    func longASCII() {
        let ascii = "Facture fournisseur numero " + Array(repeating: "lorem ipsum dolor", count: 12).joined(separator: " ")
        let folded = EncodedWord.encodeUnstructured(ascii, headerNameLength: 9)
        let all = lines(of: folded)
        #expect(all.count > 2)
        #expect(all[0].utf8.count + 9 <= 78)
        for line in all.dropFirst() { #expect(line.utf8.count <= 78) }
        #expect(unfolded(folded) == ascii)
        #expect(!folded.contains("=?"))
    }

    @Test("Non-ASCII text becomes encoded words of at most 75 characters that round-trip", arguments: [
        "Facture n° 42 — Société Générale", "請求書 2026年11月 株式会社テスト",
        "Emoji 👩‍👩‍👧‍👦🇫🇷🏳️‍🌈 " + String(repeating: "🧾", count: 40),
        String(repeating: "é", count: 300), "e\u{301}" + String(repeating: "\u{301}", count: 100),
        "Subject\r\nBcc: evil@x.com — é",
    ])
    func nonASCII(text: String) {
        let folded = EncodedWord.encodeUnstructured(text, headerNameLength: 9)
        let all = lines(of: folded)
        #expect(all[0].utf8.count + 9 <= 78)
        for line in all {
            #expect(line.utf8.count <= 78)
            #expect(line.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F })
            let word = line.trimmingPrefix(" ")
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?=") && word.utf8.count <= 75)
        }
        #expect(decodeEncodedWords(unfolded(folded)) == HeaderText.sanitize(text))
    }

    @Test("Each encoded word holds whole characters")
    func wholeCharacters() {
        // Given text mixing 1- to 4-byte characters and a ZWJ emoji sequence,
        let text = String(repeating: "aé€😀👩‍👩‍👧", count: 20)
        // When it is encoded,
        let folded = EncodedWord.encodeUnstructured(text, headerNameLength: 9)
        // Then every word decodes on its own to valid UTF-8 made of whole grapheme clusters.
        var rebuilt = ""
        for line in lines(of: folded) {
            let word = line.trimmingPrefix(" ")
            let bytes = decodeBase64(word.dropFirst(10).dropLast(2).utf8)
            let piece = bytes.flatMap { String(validating: $0, as: UTF8.self) }
            #expect(piece != nil)
            rebuilt += piece ?? ""
            #expect(text.hasPrefix(rebuilt))
        }
        #expect(rebuilt == text)
    }

    @Test("ASCII text that looks like an encoded word is encoded")
    func asciiEncodedWhenAmbiguous() {
        let lookalike = EncodedWord.encodeUnstructured("Pay =?UTF-8?B?ZXZpbA==?= now", headerNameLength: 9)
        #expect(lookalike.hasPrefix("=?UTF-8?B?"))
        #expect(decodeEncodedWords(unfolded(lookalike)) == "Pay =?UTF-8?B?ZXZpbA==?= now")
    }

    @Test("An over-long ASCII word stays plain on its own line (a SHA-256 must stay greppable)")
    func longASCIIWordStaysPlain() {
        let longWord = "see https://example.com/" + String(repeating: "x", count: 120)
        let folded = EncodedWord.encodeUnstructured(longWord, headerNameLength: 9)
        #expect(!folded.contains("=?"))
        #expect(unfolded(folded) == longWord)
        #expect(lines(of: folded).map(\.utf8.count) == [3, 141])
        let hash = String(repeating: "0123456789abcdef", count: 4)
        #expect(EncodedWord.encodeUnstructured(hash, headerNameLength: 29) == hash)
    }

    @Test("A word longer than RFC 5322's 998-octet limit is encoded rather than sent as an illegal line")
    func wordBeyondTheHardLimitIsEncoded() {
        let huge = String(repeating: "y", count: 1200)
        let folded = EncodedWord.encodeUnstructured(huge, headerNameLength: 9)
        for line in lines(of: folded) { #expect(line.utf8.count <= 78) }
        #expect(decodeEncodedWords(unfolded(folded)) == huge)
    }

    @Test("A long header name still gets a short first word on its line")
    func longHeaderName() {
        let folded = EncodedWord.encodeUnstructured("Société", headerNameLength: 74)
        let first = lines(of: folded)[0]
        #expect(first.hasPrefix("=?UTF-8?B?"))
        #expect(first.utf8.count <= 20)
    }
}
