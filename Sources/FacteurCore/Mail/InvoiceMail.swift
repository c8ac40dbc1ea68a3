public import FoundationEssentials
public import MIME

/// Turns an ``InvoiceDocument`` into the one-invoice, one-attachment mail Pennylane's email-in reads.
///
/// Everything is derived from the document, so composing the same document twice gives the same bytes
/// (given the same date): the Message-ID, the boundary, the attachment name.
///
/// ```swift
/// let message = try InvoiceMail.message(for: document, from: sender, to: inbox, body: text, date: now)
/// let layout = try message.layout()   // head + base64(file) + tail
/// ```
public enum InvoiceMail {
    /// The Message-ID (without brackets):
    /// `qonto.<type>.<record id>.<first 8 hex of content hash>@<workspace>.facteur` for a Qonto
    /// record, `manual.<type>.<reference>.<…>@<workspace>.facteur` for a manual forward.
    ///
    /// Deterministic, so a re-send after an unknown outcome carries the same ID, and a changed
    /// document (new content hash) gets a new one. The two prefixes keep a manual forward's ID
    /// distinct from any Qonto record's, even when its reference is a Qonto ID; the workspace keeps
    /// two companies' IDs apart (a workspace name is a valid DNS label, so the domain stays a
    /// dot-atom). Messages composed before workspaces (`…@facteur`) keep their stored ID: the
    /// outbox never recomputes it, and an update references the stored one.
    public static func messageID(for document: InvoiceDocument) -> String {
        let origin = document.origin == .qonto ? "qonto" : "manual"
        return "\(origin).\(document.kind.qontoType).\(document.recordID).\(document.contentHash.prefix(8))@\(document.workspace.rawValue).facteur"
    }

    /// The longest attachment name in UTF-8 bytes (file systems allow 255; mail clients cope with less).
    public static let maximumFileNameBytes = 150

    /// The attachment name: `qonto-<record id>-<sanitised original name>` (`manuel-<reference>-…`
    /// for a manual forward), with the extension of the detected type, at most
    /// ``maximumFileNameBytes`` bytes (so the composer never shortens it again).
    public static func attachmentFileName(for document: InvoiceDocument) -> String {
        let ext = document.attachmentType.fileExtension
        let prefix = "\(document.origin == .qonto ? "qonto" : "manuel")-\(document.recordID)-"
        let room = maximumFileNameBytes - prefix.utf8.count - ".jpeg".utf8.count
        var base = AttachmentFileName.sanitize(document.originalFileName, maxUTF8Bytes: room)
        let lowered = base.lowercased()
        let knownExtensions = [".pdf", ".jpg", ".jpeg", ".png"]
        if let suffix = knownExtensions.first(where: { lowered.hasSuffix($0) }) {
            base = String(base.dropLast(suffix.count))
        }
        if base.isEmpty || base == "invoice" { base = "facture" }
        return "\(prefix)\(base).\(ext)"
    }

    /// The subject: kind, counterparty, number, and the Qonto ID (so a person can find the record),
    /// or for a manual forward "envoi manuel, réf. <reference>".
    public static func subject(for document: InvoiceDocument) -> String {
        var parts = [document.kind.label]
        if let name = document.counterpartyName.map(HeaderText.sanitize), !name.isEmpty { parts.append(name) }
        if let number = document.invoiceNumber.map(HeaderText.sanitize), !number.isEmpty { parts.append("n° \(number)") }
        switch document.origin {
        case .qonto: parts.append("Qonto \(document.recordID)")
        case .manual: parts.append("envoi manuel, réf. \(document.recordID)")
        }
        return parts.joined(separator: " – ")
    }

    /// The MIME boundary, derived from the content hash; it starts with `=_`, which base64 and
    /// quoted-printable output can never contain.
    public static func boundary(for document: InvoiceDocument) -> String {
        "=_facteur_\(document.contentHash.prefix(24))"
    }

    /// Builds the message model (nothing is encoded yet).
    /// - Parameters:
    ///   - document: The invoice.
    ///   - from: The sender (config `smtp_from`).
    ///   - to: The Pennylane inbox for the document's kind.
    ///   - body: The rendered text body (from `templates/mail/`).
    ///   - date: The Date header's value.
    /// - Returns: The message; ``layout(for:from:to:body:date:)`` encodes it.
    public static func message(for document: InvoiceDocument, from: Mailbox, to: Mailbox, body: String,
                               date: Date) -> MailMessage {
        // The record headers keep their names for both origins (tools read them); a manual
        // forward says so in X-Facteur-Origin.
        var headers: [(name: String, value: String)] = [
            ("X-Facteur-Qonto-Id", document.recordID),
            ("X-Facteur-Qonto-Type", document.kind.qontoType),
            ("X-Facteur-Attachment-SHA256", document.attachmentSHA256),
        ]
        if document.origin == .manual { headers.append(("X-Facteur-Origin", "manual forward")) }
        return MailMessage(
            from: from, to: to, subject: subject(for: document), date: date,
            messageID: messageID(for: document), extraHeaders: headers, bodyText: body,
            attachmentFileName: attachmentFileName(for: document), attachmentType: document.attachmentType,
            attachmentByteCount: document.byteCount, boundary: boundary(for: document),
            replaces: document.replaces?.messageID)
    }

    /// Composes the message: everything but the base64 body of the attachment, which is streamed.
    /// - Parameters: as ``message(for:from:to:body:date:)``.
    /// - Returns: The layout: head + base64 lines of the file + tail is the complete message.
    /// - Throws: ``FacteurCoreError`` `.invalidMessage` if the MIME layer refuses an input.
    public static func layout(for document: InvoiceDocument, from: Mailbox, to: Mailbox, body: String,
                              date: Date) throws(FacteurCoreError) -> MessageLayout {
        do {
            return try message(for: document, from: from, to: to, body: body, date: date).layout()
        } catch {
            throw FacteurCoreError(.invalidMessage, "cannot compose the mail for \(document.recordID): \(error.message)")
        }
    }
}
