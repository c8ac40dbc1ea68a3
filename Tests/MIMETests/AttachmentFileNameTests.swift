import MIME
import Testing

@Suite("AttachmentFileName")
struct AttachmentFileNameTests {
    @Test("Directory parts are stripped, whatever the separator", arguments: [
        ("../../etc/passwd", "passwd"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\boot.ini.pdf", "boot.ini.pdf"),
        ("C:\\Users\\me\\Factures\\FA-42.pdf", "FA-42.pdf"),
        ("/var/tmp/", "invoice"),
        ("dir/.pdf", "invoice.pdf"),
        ("a/b\\c/d.png", "d.png"),
    ])
    func stripsDirectories(input: String, expected: String) {
        #expect(AttachmentFileName.sanitize(input) == expected)
    }

    @Test("Unsafe characters, controls, leading dots and spaces are removed", arguments: [
        ("Facture: <janvier>|2026?*.pdf", "Facture janvier2026.pdf"),
        ("\"quoted\".pdf", "quoted.pdf"),
        ("a\r\nContent-Type: text/html\r\n.pdf", "html.pdf"),
        ("a\r\nContent-Type: text-html\r\n.pdf", "a Content-Type text-html.pdf"),
        ("nul\u{0}byte.pdf", "nul byte.pdf"),
        ("...hidden.pdf", "hidden.pdf"),
        (" . .spaced.pdf", "spaced.pdf"),
        (".bashrc", "invoice.bashrc"),
        ("tab\t\tand   spaces .pdf", "tab and spaces.pdf"),
        ("trailing dots....", "trailing dots"),
        ("invoice\u{202E}fdp.exe", "invoicefdp.exe"),
        ("", "invoice"),
        ("...", "invoice"),
        ("?*<>|", "invoice"),
    ])
    func removesUnsafe(input: String, expected: String) {
        #expect(AttachmentFileName.sanitize(input) == expected)
    }

    @Test("Accents, CJK, emoji and apostrophes are kept")
    func keepsUnicode() {
        #expect(AttachmentFileName.sanitize("Facture Société Générale – l'été.pdf")
            == "Facture Société Générale – l'été.pdf")
        #expect(AttachmentFileName.sanitize("請求書 🧾.PDF") == "請求書 🧾.PDF")
    }

    @Test("Long names are capped in UTF-8 bytes, keeping the extension")
    func capsLength() {
        let long = String(repeating: "é", count: 300) + ".pdf"
        let capped = AttachmentFileName.sanitize(long)
        #expect(capped.utf8.count <= 150)
        #expect(capped == String(repeating: "é", count: 73) + ".pdf")

        let emoji = String(repeating: "👩‍👩‍👧", count: 20) + ".jpg"
        let cappedEmoji = AttachmentFileName.sanitize(emoji, maxUTF8Bytes: 40)
        #expect(cappedEmoji == "👩‍👩‍👧👩‍👩‍👧" + ".jpg")

        // Given a single grapheme larger than the budget, it is cut between scalars.
        let zalgo = "e" + String(repeating: "\u{301}", count: 100) + ".pdf"
        let cappedZalgo = AttachmentFileName.sanitize(zalgo, maxUTF8Bytes: 20)
        #expect(cappedZalgo.utf8.count <= 20)
        #expect(cappedZalgo.hasSuffix(".pdf"))
        #expect(cappedZalgo.unicodeScalars.first == "e")
    }

    @Test("A tiny budget still gives a non-empty name within the budget")
    func tinyBudget() {
        #expect(AttachmentFileName.sanitize("facture.pdf", maxUTF8Bytes: 6) == "fa.pdf")
        #expect(AttachmentFileName.sanitize("facture.pdf", maxUTF8Bytes: 4) == "fact")
        #expect(AttachmentFileName.sanitize("...", maxUTF8Bytes: 3) == "inv")
        #expect(AttachmentFileName.sanitize("x.pdf", maxUTF8Bytes: 0) == "x")
    }

    @Test("Sanitising is idempotent", arguments: [
        "../../etc/passwd.pdf", "a..pdf", " .x. .pdf", String(repeating: "ü", count: 200) + ".png",
        "Facture: \"2026\".pdf", "x.tar.gz", "résumé . pdf",
    ])
    func idempotent(input: String) {
        let once = AttachmentFileName.sanitize(input)
        #expect(AttachmentFileName.sanitize(once) == once)
        #expect(!once.isEmpty && !once.hasPrefix(".") && !once.hasPrefix(" "))
        #expect(!once.contains("/") && !once.contains("\\"))
    }
}
