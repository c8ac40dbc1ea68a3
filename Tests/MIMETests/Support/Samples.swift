#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import MIME

/// Fixed values for composing messages in tests.
enum Samples {
    /// 2026-11-25T13:02:01Z.
    static let date = Date(timeIntervalSince1970: 1_795_611_721)

    /// The boundary of the golden fixture.
    static let boundary = "=_facteur_test"

    /// A small fake PDF: the right magic number and a few lines.
    static let pdf = Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)

    /// The smallest PNG signature plus some bytes.
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(0..<200).map { UInt8($0) }

    /// An address known to be valid.
    static func address(_ text: String) -> EmailAddress {
        // Force-unwrapping through `try!` is acceptable in fixtures built from literals.
        try! EmailAddress(text)
    }

    /// The golden invoice message, optionally with some fields replaced.
    static func message(
        fromName: String? = "Facteur",
        toName: String? = nil,
        subject: String = "Facture FA-2026-0042 - Boulangerie Martin",
        extraHeaders: [(name: String, value: String)] = [("X-Facteur-Qonto-Id", "7f0c2d4e-9b1a-4c3e-8f5d-2a6b7c8d9e0f")],
        bodyText: String = "Bonjour,\n\nVeuillez trouver ci-joint la facture FA-2026-0042.\n\n-- \nFacteur\n",
        fileName: String = "FA-2026-0042.pdf",
        type: AttachmentType = .pdf,
        byteCount: Int? = nil,
        boundary: String = Samples.boundary,
        messageID: String = "qonto.supplier_invoice.7f0c2d4e-9b1a-4c3e-8f5d-2a6b7c8d9e0f.ab12cd34@facteur",
        replaces: String? = nil
    ) -> MailMessage {
        MailMessage(
            from: Mailbox(displayName: fromName, address: address("facteur@example.com")),
            to: Mailbox(displayName: toName, address: address("factures-acme@pennylane.example")),
            subject: subject,
            date: date,
            messageID: messageID,
            extraHeaders: extraHeaders,
            bodyText: bodyText,
            attachmentFileName: fileName,
            attachmentType: type,
            attachmentByteCount: byteCount ?? pdf.count,
            boundary: boundary,
            replaces: replaces
        )
    }
}
