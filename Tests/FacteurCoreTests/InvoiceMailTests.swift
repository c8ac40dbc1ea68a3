import FacteurCore
import Foundation
import MIME
import Testing

@Suite struct InvoiceMailTests {
    static let hash = String(repeating: "ab", count: 32)

    func document(id: String = "7f0c3c8e-1b2a-4c5d-9e8f-001122334455", name: String = "Facture 42.pdf",
                  counterparty: String? = "Société Générale", number: String? = "F-2026-042") throws -> InvoiceDocument {
        try InvoiceDocument(recordID: id, kind: .supplier, counterpartyName: counterparty, invoiceNumber: number,
                            originalFileName: name, attachmentType: .pdf, byteCount: 1234,
                            attachmentSHA256: Self.hash, contentHash: "0123456789abcdef" + Self.hash.dropFirst(16))
    }

    @Test func messageIDIsDerivedFromTypeRecordContentAndWorkspace() throws {
        #expect(InvoiceMail.messageID(for: try document()) == "qonto.supplier_invoice.7f0c3c8e-1b2a-4c5d-9e8f-001122334455.01234567@default.facteur")
        var acme = try document()
        acme.workspace = try #require(WorkspaceID("acme"))
        #expect(InvoiceMail.messageID(for: acme) == "qonto.supplier_invoice.7f0c3c8e-1b2a-4c5d-9e8f-001122334455.01234567@acme.facteur")
    }

    @Test func twoWorkspacesNeverShareAMessageIDForTheSameRecord() throws {
        var first = try document(), second = try document()
        first.workspace = try #require(WorkspaceID("cabinet-martin-75"))
        second.workspace = try #require(WorkspaceID("boulangerie-2"))
        #expect(InvoiceMail.messageID(for: first) != InvoiceMail.messageID(for: second))
        // Both stay valid Message-IDs the MIME layer accepts.
        let from = Mailbox(address: try EmailAddress("factures@example.fr"))
        let to = Mailbox(address: try EmailAddress("achats@pennylane.test"))
        for document in [first, second] {
            let head = String(decoding: try InvoiceMail.layout(for: document, from: from, to: to, body: "x",
                                                               date: Date(timeIntervalSince1970: 0)).head, as: UTF8.self)
            #expect(head.contains("Message-ID: <\(InvoiceMail.messageID(for: document))>\r\n"))
        }
    }

    @Test func attachmentNameCarriesTheRecordIDAndNoPath() throws {
        #expect(InvoiceMail.attachmentFileName(for: try document()) == "qonto-7f0c3c8e-1b2a-4c5d-9e8f-001122334455-Facture 42.pdf")
        let traversal = InvoiceMail.attachmentFileName(for: try document(name: "../../etc/passwd.pdf"))
        #expect(!traversal.contains("/") && !traversal.contains(".."))
        #expect(traversal.hasSuffix("passwd.pdf"))
    }

    @Test func attachmentExtensionFollowsTheDetectedType() throws {
        var png = try document(name: "scan.PDF")
        png.attachmentType = .png
        #expect(InvoiceMail.attachmentFileName(for: png).hasSuffix("-scan.png"))
    }

    @Test func subjectNamesKindCounterpartyNumberAndRecord() throws {
        #expect(InvoiceMail.subject(for: try document())
                == "Facture fournisseur – Société Générale – n° F-2026-042 – Qonto 7f0c3c8e-1b2a-4c5d-9e8f-001122334455")
        #expect(InvoiceMail.subject(for: try document(counterparty: "Evil\r\nBcc: x@evil.test", number: nil))
                == "Facture fournisseur – Evil Bcc: x@evil.test – Qonto 7f0c3c8e-1b2a-4c5d-9e8f-001122334455")
    }

    @Test func boundaryCannotOccurInBase64OrQuotedPrintable() throws {
        #expect(InvoiceMail.boundary(for: try document()).hasPrefix("=_"))
    }

    @Test func recordIDsAreRestrictedToASafeAlphabet() {
        for bad in ["", "../x", "a b", "id\r\nBcc: x", String(repeating: "a", count: 65), "é", "a.b"] {
            #expect(throws: FacteurCoreError.self) { try RecordID.validate(bad) }
        }
        #expect(throws: Never.self) { try RecordID.validate("7f0c3c8e-1b2a-4c5d-9e8f-001122334455") }
        #expect(throws: Never.self) { try RecordID.validate("INV_2026-042") }
    }

    @Test func emptyFilesAreRefused() {
        #expect(throws: FacteurCoreError.self) {
            try InvoiceDocument(recordID: "x", kind: .customer, originalFileName: "a.pdf", attachmentType: .pdf,
                                byteCount: 0, attachmentSHA256: Self.hash, contentHash: Self.hash)
        }
    }

    @Test func layoutIsDeterministicAndSizedExactly() throws {
        let from = Mailbox(displayName: "Facteur", address: try EmailAddress("factures@example.fr"))
        let to = Mailbox(address: try EmailAddress("supplier@pennylane.test"))
        let date = Date(timeIntervalSince1970: 1_795_612_921)
        let a = try InvoiceMail.layout(for: try document(), from: from, to: to, body: "Bonjour", date: date)
        let b = try InvoiceMail.layout(for: try document(), from: from, to: to, body: "Bonjour", date: date)
        #expect(a == b)
        #expect(a.totalLength == a.head.count + Base64LineEncoder.encodedLength(byteCount: 1234) + a.tail.count)
        let head = String(decoding: a.head, as: UTF8.self)
        #expect(head.contains("X-Facteur-Qonto-Id: 7f0c3c8e-1b2a-4c5d-9e8f-001122334455\r\n"))
        #expect(head.contains("X-Facteur-Qonto-Type: supplier_invoice\r\n"))
        #expect(head.contains("X-Facteur-Attachment-SHA256: \(Self.hash)\r\n"))
        #expect(head.contains("Message-ID: <qonto.supplier_invoice.7f0c3c8e-1b2a-4c5d-9e8f-001122334455.01234567@default.facteur>\r\n"))
    }

    @Test func aManualForwardIsLabelledAsOneWithADistinctMessageID() throws {
        var manual = try document(id: "ref-2026-001", counterparty: nil, number: nil)
        manual.origin = .manual
        #expect(InvoiceMail.messageID(for: manual) == "manual.supplier_invoice.ref-2026-001.01234567@default.facteur")
        #expect(InvoiceMail.subject(for: manual) == "Facture fournisseur – envoi manuel, réf. ref-2026-001")
        #expect(InvoiceMail.attachmentFileName(for: manual) == "manuel-ref-2026-001-Facture 42.pdf")
        // Even with a Qonto ID as its reference, a manual forward never takes a Qonto record's Message-ID
        var qonto = try document()
        var byHand = qonto
        byHand.origin = .manual
        #expect(InvoiceMail.messageID(for: byHand) != InvoiceMail.messageID(for: qonto))
        qonto.origin = .qonto
        #expect(InvoiceMail.messageID(for: qonto).hasPrefix("qonto."))
    }

    @Test func anUpdateNamesTheMessageItReplacesInItsHeaders() throws {
        var update = try document()
        update.replaces = InvoiceReplacement(messageID: "qonto.supplier_invoice.7f0c3c8e-1b2a-4c5d-9e8f-001122334455.aaaaaaaa@facteur",
                                             changes: [.amount(from: "100.00 EUR", to: "120.00 EUR")])
        let from = Mailbox(address: try EmailAddress("factures@example.fr"))
        let to = Mailbox(address: try EmailAddress("achats@pennylane.test"))
        let layout = try InvoiceMail.layout(for: update, from: from, to: to, body: "x", date: Date(timeIntervalSince1970: 0))
        let head = String(decoding: layout.head, as: UTF8.self)
        #expect(head.contains("In-Reply-To: <qonto.supplier_invoice.7f0c3c8e-1b2a-4c5d-9e8f-001122334455.aaaaaaaa@facteur>\r\n"))
        #expect(head.contains("References: <qonto.supplier_invoice.7f0c3c8e-1b2a-4c5d-9e8f-001122334455.aaaaaaaa@facteur>\r\n"))
        #expect(!String(decoding: try InvoiceMail.layout(for: try document(), from: from, to: to, body: "x",
                                                         date: Date(timeIntervalSince1970: 0)).head, as: UTF8.self).contains("In-Reply-To"))
    }

    @Test func theReplacementSentenceSaysWhatChangedInFrench() {
        let before = InvoiceReplacement.Facts(amount: "100.00 EUR", number: "F-1", counterparty: "ACME", fileSHA256: "aa", fileName: "a.pdf")
        let after = InvoiceReplacement.Facts(amount: "120.00 EUR", number: "F-1", counterparty: "ACME", fileSHA256: "bb", fileName: "b.pdf")
        let changes = InvoiceReplacement.changes(before: before, after: after)
        #expect(changes == [.amount(from: "100.00 EUR", to: "120.00 EUR"), .file(from: "a.pdf", to: "b.pdf")])
        #expect(InvoiceReplacement(messageID: "m@facteur", changes: changes).sentence
                == "Mise à jour : ce message remplace l'envoi <m@facteur>. Ce qui a changé : montant 100.00 EUR → 120.00 EUR ; fichier remplacé (a.pdf → b.pdf).")
        #expect(InvoiceReplacement(messageID: "m@facteur", changes: []).sentence.hasSuffix("Les données de la facture ont changé dans Qonto."))
    }
}
