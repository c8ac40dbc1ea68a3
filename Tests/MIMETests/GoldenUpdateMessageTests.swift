import Foundation
import MIME
import Testing

/// Byte-exact snapshot of a message that replaces an earlier one (a changed invoice): the same
/// layout as the golden message, plus `In-Reply-To` and `References` naming the earlier
/// Message-ID right after `Message-ID`. Re-record with `RECORD_FIXTURES=1`, then review.
@Suite("Golden update message")
struct GoldenUpdateMessageTests {
    static let fixtureName = "invoice-update-pdf"
    static let earlier = "qonto.supplier_invoice.7f0c2d4e-9b1a-4c3e-8f5d-2a6b7c8d9e0f.00aa11bb@facteur"

    static func sourceFixtureURL(filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(fixtureName + ".eml")
    }

    static func message() throws -> [UInt8] {
        try Samples.message(
            subject: "Facture fournisseur – Boulangerie Martin – n° FA-2026-0042 – Qonto 7f0c2d4e-9b1a-4c3e-8f5d-2a6b7c8d9e0f",
            bodyText: "Bonjour,\n\nMise à jour : ce message remplace l'envoi <\(earlier)>.\n"
                + "Ce qui a changé : montant 1234.56 EUR → 1300.00 EUR.\n",
            replaces: earlier
        ).encoded(attachment: Samples.pdf)
    }

    @Test("An update matches its golden fixture byte for byte")
    func matchesFixture() throws {
        let actual = try Self.message()
        if ProcessInfo.processInfo.environment["RECORD_FIXTURES"] == "1" {
            try Data(actual).write(to: Self.sourceFixtureURL())
            Issue.record("Recorded \(Self.sourceFixtureURL().path); review it and run again without RECORD_FIXTURES.")
            return
        }
        let url = try #require(Bundle.module.url(forResource: Self.fixtureName, withExtension: "eml", subdirectory: "Fixtures"),
                               "fixture missing: run with RECORD_FIXTURES=1")
        let expected = try [UInt8](Data(contentsOf: url))
        #expect(String(decoding: actual, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
    }

    @Test("An update names the message it replaces and keeps the wire invariants")
    func threadsAndInvariants() throws {
        let bytes = try Self.message()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("\r\nIn-Reply-To: <\(Self.earlier)>\r\nReferences: <\(Self.earlier)>\r\nMIME-Version: 1.0\r\n"))
        #expect(messageViolations(bytes, boundary: Samples.boundary, extraHeaderNames: ["X-Facteur-Qonto-Id"], replaces: true) == [])
    }

    @Test("A replaced Message-ID is validated like the Message-ID")
    func invalidReplacedIDIsRefused() {
        #expect(throws: MIMEError.self) {
            _ = try Samples.message(replaces: "no-at-sign\r\nBcc: x@y").encoded(attachment: Samples.pdf)
        }
    }
}
