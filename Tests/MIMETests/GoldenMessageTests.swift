import Foundation
import MIME
import Testing

/// Byte-exact snapshot of a composed invoice message.
///
/// Run with `RECORD_FIXTURES=1` to rewrite the fixture in the source tree (the test then
/// fails, so a recording never passes silently); review the new file by eye before committing.
@Suite("Golden message")
struct GoldenMessageTests {
    static let fixtureName = "invoice-single-pdf"

    /// The fixture's path in the source tree, for recording.
    static func sourceFixtureURL(filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(fixtureName + ".eml")
    }

    /// The golden message: fixed date, Message-ID, boundary and a small fake PDF.
    static func goldenMessage() throws -> [UInt8] {
        let message = Samples.message(
            fromName: "Facteur", toName: "Comptabilité Boulangerie Martin",
            subject: "Facture FA-2026-0042 — Boulangerie Martin & Fils",
            extraHeaders: [("X-Facteur-Qonto-Id", "7f0c2d4e-9b1a-4c3e-8f5d-2a6b7c8d9e0f")],
            bodyText: "Bonjour,\n\nVeuillez trouver ci-joint la facture FA-2026-0042 de Boulangerie Martin & Fils.\n"
                + "Montant : 1 234,56 € TTC, échéance le 25/12/2026.\n.\nFrom Facteur, with care.\n",
            fileName: "Facture FA-2026-0042 Boulangerie Martin été.pdf"
        )
        return try message.encoded(attachment: Samples.pdf)
    }

    @Test("The composed invoice matches the golden fixture byte for byte")
    func matchesFixture() throws {
        let actual = try Self.goldenMessage()
        if ProcessInfo.processInfo.environment["RECORD_FIXTURES"] == "1" {
            try Data(actual).write(to: Self.sourceFixtureURL())
            Issue.record("Recorded \(Self.sourceFixtureURL().path); review it and run again without RECORD_FIXTURES.")
            return
        }
        let url = try #require(
            Bundle.module.url(forResource: Self.fixtureName, withExtension: "eml", subdirectory: "Fixtures"),
            "fixture missing: run with RECORD_FIXTURES=1"
        )
        let expected = try [UInt8](Data(contentsOf: url))
        // Compared as text so a failure prints a readable diff.
        #expect(String(decoding: actual, as: UTF8.self) == String(decoding: expected, as: UTF8.self),
                "message differs from \(Self.fixtureName).eml; if intended, re-record it")
        if actual != expected, let index = actual.indices.first(where: { $0 >= expected.count || actual[$0] != expected[$0] }) {
            let context = actual[max(0, index - 40)..<min(actual.count, index + 40)]
            Issue.record("first difference at byte \(index): …\(String(decoding: context, as: UTF8.self))…")
        }
    }

    @Test("The golden message keeps the wire invariants")
    func invariants() throws {
        let bytes = try Self.goldenMessage()
        #expect(messageViolations(bytes, boundary: Samples.boundary, extraHeaderNames: ["X-Facteur-Qonto-Id"]) == [])
    }
}
