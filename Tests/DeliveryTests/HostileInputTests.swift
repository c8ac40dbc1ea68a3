import Curl
import Delivery
import FacteurCore
import FacteurTesting
import Foundation
import MIME
import Store
import Testing

/// Hostile names and texts, composed, sent through libcurl to the real server, and read back by a
/// parser nobody here wrote: Python's `email` with `policy.strict`.
@Suite(.serialized, .processHeavy) struct HostileInputTests {
    static let names: [String] = [
        "Société Générale — Facture n°42 été.pdf",
        "L'Atelier d'Émile \"Le Grand\" & Fils.pdf",
        "請求書 2026年11月 株式会社テスト.pdf",
        "Facture 🧾💶 payée ✅.pdf",
        "evil\r\nBcc: attacker@evil.test\r\nX-Injected: yes.pdf",
        "evil\nTo: second@evil.test.pdf",
        "../../etc/passwd.pdf",
        "..\\..\\windows\\system32\\boot.ini.pdf",
        ".hidden leading dot.pdf",
        String(repeating: "Très long nom de fournisseur ", count: 11) + ".pdf",
        "name\u{0}with\u{7}controls\u{1B}[31m.pdf",
        "\u{202E}fdp.exe.pdf",
    ]

    static let counterparties: [String] = [
        "Société Générale", "L'Atelier \"Le Grand\"", "株式会社テスト", "Café ☕️ 😀",
        "Evil Corp\r\nBcc: attacker@evil.test", ".starts with a dot", String(repeating: "Ünïcödé ", count: 38),
    ]

    @Test(arguments: Array(zip(names.indices, names)))
    func hostileFileNameSurvivesTheRoundTrip(index: Int, name: String) async throws {
        try await roundTrip(name: name, counterparty: Self.counterparties[index % Self.counterparties.count],
                            invoiceNumber: index % 2 == 0 ? ".42\r\nCc: x@evil.test" : "F-\(index)")
    }

    func roundTrip(name: String, counterparty: String, invoiceNumber: String) async throws {
        // Given a document whose every untrusted field is hostile
        let directory = try TemporaryDirectory("facteur-hostile")
        defer { directory.remove() }
        let server = try await SMTPTestServer(tls: "starttls", arguments: ["--exit-with-parent"], directory: directory.path)
        defer { server.stop() }
        var attachment = Array("%PDF-1.4\n".utf8)
        attachment += Array(".line starting with a dot\r\n.\r\nFrom the start\n".utf8)
        attachment += (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let sha = SHA256.hex(of: attachment)
        let document = try InvoiceDocument(
            recordID: "7f0c2d4e-9b1a-4c3e-8f5d-2a6b7c8d9e0f", kind: .supplier, counterpartyName: counterparty,
            invoiceNumber: invoiceNumber, originalFileName: name, attachmentType: .pdf, byteCount: attachment.count,
            attachmentSHA256: sha, contentHash: sha)
        let from = Mailbox(displayName: "Facteur – Comptabilité", address: try EmailAddress("factures@example.fr"))
        let to = Mailbox(address: try EmailAddress("supplier@pennylane.test"))
        let body = ".Bonjour\nFrom Facteur\r\n\(counterparty)\n.\n\(invoiceNumber)"
        let bytes = try InvoiceMail.message(for: document, from: from, to: to, body: body, date: Date())
            .encoded(attachment: attachment)
        let path = try directory.write("message.eml", bytes)

        // When it is sent through libcurl to the real server
        let transport = SMTPTransport(settings: SMTPSettings(
            host: "127.0.0.1", port: server.port, security: .startTLS, ehloDomain: "facteur.test",
            caFile: Repository.cert("ca.pem"), responseTimeout: 10))
        let envelope = OutgoingEnvelope(messageID: InvoiceMail.messageID(for: document), sender: from.address,
                                        recipient: to.address, messagePath: path, byteCount: bytes.count)
        let result = try await CurlWorker.run {
            let session = transport.openSession()
            defer { session.close() }
            return session.send(envelope, onDataStart: { true })
        }
        #expect(result.kind == .delivered, "\(result)")

        // Then the server got every byte (libcurl 7.88 truncates silently if a line starts with ".")
        let stored = try #require(server.storedMessages().first)
        #expect(try Data(contentsOf: URL(fileURLWithPath: stored)) == Data(bytes))
        // And the strict parser finds no defect, one recipient, no injected header
        let parsed = try await DeliveryHarness.checkMIME(stored, expectSHA256: sha)
        #expect(parsed["to"] as? [String] == ["supplier@pennylane.test"])
        #expect((parsed["cc"] as? [String])?.isEmpty ?? true)
        #expect((parsed["bcc"] as? [String])?.isEmpty ?? true)
        let headers = Set((parsed["header_names"] as? [String] ?? []).map { $0.lowercased() })
        #expect(headers == ["date", "from", "to", "subject", "message-id", "mime-version", "x-facteur-qonto-id",
                            "x-facteur-qonto-type", "x-facteur-attachment-sha256", "content-type"])
        // And the decoded texts are the sanitised inputs
        #expect(parsed["subject"] as? String == InvoiceMail.subject(for: document))
        #expect(parsed["filename"] as? String == InvoiceMail.attachmentFileName(for: document))
        let filename = parsed["filename"] as? String ?? ""
        #expect(!filename.contains("/") && !filename.contains("\\") && !filename.hasPrefix("."))
        #expect(filename.hasPrefix("qonto-7f0c2d4e-9b1a-4c3e-8f5d-2a6b7c8d9e0f-") && filename.hasSuffix(".pdf"))
        #expect(server.events("accepted").first?["rcpt_tos"] as? [String] == ["supplier@pennylane.test"])
    }
}
