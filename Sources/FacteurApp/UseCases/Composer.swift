import FacteurCore
import Foundation
import MIME
import Store

/// Composes an invoice document into the spool and enqueues it: the path every invoice takes to the
/// outbox, whether it came from Qonto or from `facteur forward`.
struct Composer {
    /// The workspace whose messages these are: it is stamped on every document (its Message-ID).
    let workspace: WorkspaceID
    let dataDirectory: String
    let outbox: any OutboxQueue

    /// Composes the document into the spool and returns the outbox row to enqueue.
    func spool(_ document: InvoiceDocument, attachmentPath: String, from: Mailbox, to: Mailbox, body: String,
               now: Date) throws -> NewOutboxMessage {
        var document = document
        document.workspace = workspace
        let layout = try InvoiceMail.layout(for: document, from: from, to: to, body: body, date: now)
        let messageID = InvoiceMail.messageID(for: document)
        let spoolName = "spool/\(SHA256.hex(of: messageID).prefix(32)).eml"
        _ = try DataDirectory.spool(dataDirectory)
        try SpoolWriter.write(layout: layout, attachmentPath: attachmentPath, expectedSHA256: document.attachmentSHA256,
                              to: "\(dataDirectory)/\(spoolName)")
        return NewOutboxMessage(
            recordID: document.recordID, recordType: document.kind.qontoType, contentHash: document.contentHash,
            messageID: messageID, sender: from.address.description, recipient: to.address.description,
            subject: InvoiceMail.subject(for: document), attachmentName: InvoiceMail.attachmentFileName(for: document),
            attachmentSHA256: document.attachmentSHA256, spoolFile: spoolName, size: Int64(layout.totalLength))
    }

    /// The latest message of the same record with other content: the one a new version replaces.
    func previousMessage(recordID: String, kind: InvoiceKind, contentHash: String) throws -> OutboxMessage? {
        try outbox.messages(recordID: recordID).last { $0.recordType == kind.qontoType && $0.contentHash != contentHash }
    }

    /// Composes and enqueues at once (a single forwarded file).
    func compose(_ document: InvoiceDocument, attachmentPath: String, from: Mailbox, to: Mailbox, body: String,
                 now: Date) throws -> OutboxRepository.EnqueueOutcome {
        try outbox.enqueue(try spool(document, attachmentPath: attachmentPath, from: from, to: to, body: body, now: now), now: now)
    }
}
