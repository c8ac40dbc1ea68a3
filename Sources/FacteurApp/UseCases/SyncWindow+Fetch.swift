import FacteurCore
import Logging
import Foundation
import MIME
import QontoAPI
import Store

/// Downloading a record's file and deciding whether it can become a mail.
extension SyncWindow {
    /// The attachment's name: Qonto's `file_name`, with the rendition's extension when the file
    /// forwarded is a rendition of another format ("facture.xml" → "facture.pdf").
    static func fileName(_ invoice: QontoInvoice, type: AttachmentType) -> String {
        guard let name = invoice.fileName, !name.isEmpty else { return "facture.\(type.fileExtension)" }
        guard invoice.forwardsRendition, let dot = name.lastIndex(of: "."),
              name[name.index(after: dot)...].lowercased() != type.fileExtension else { return name }
        return String(name[..<dot]) + "." + type.fileExtension
    }

    enum Disposition {
        case forward(path: String, facts: FileFacts, type: AttachmentType)
        /// Held for a typed reason; `detail` is what its sentence needs (``HoldReason/explanation(detail:)``).
        case hold(reason: HoldReason, detail: String? = nil, file: String?, sha256: String?, retryable: Bool = false)
    }

    /// Downloads the attachment and decides whether it can be forwarded. Nothing is dropped: every
    /// record that cannot be forwarded is held with the reason (and its file, when there is one).
    func fetch(_ invoice: QontoInvoice, client: QontoClient, record: QontoRecord) throws -> Disposition {
        if invoice.isNonFinancial {
            return .hold(reason: .nonFinancialDocument, file: nil, sha256: nil)
        }
        // An e-invoice's PDF rendition (display_attachment_id), not its XML original, is what Pennylane reads.
        guard let attachmentID = invoice.forwardedAttachmentID else {
            return .hold(reason: .noAttachment, file: nil, sha256: nil)
        }
        let incoming = try DataDirectory.folder(configuration.dataDirectory, "incoming")
        let path = "\(incoming)/\(kind.qontoType)-\(invoice.id).part"
        let attachment: QontoAttachment
        do {
            let downloaded = try client.download(attachmentID: attachmentID, to: path, maxBytes: configuration.maxAttachmentSize)
            attachment = downloaded.0
        } catch {
            if error.code == .tooLarge {
                unlink(path)
                return .hold(reason: .fileTooLarge, detail: error.message, file: nil, sha256: nil)
            }
            // A file that stays incomplete after the retries is held (and examined again next time it
            // is listed) rather than blocking every later record; Qonto being down aborts the window.
            if error.code == .download {
                return .hold(reason: .downloadFailed, detail: error.message, file: nil, sha256: nil, retryable: true)
            }
            // An attachment ID Qonto answers with that is not of a Qonto ID's shape: this record is
            // held, never a wall that stops every later window.
            if error.code == .invalidID {
                return .hold(reason: .refusedID, detail: error.message, file: nil, sha256: nil)
            }
            guard error.code == .notFound else { throw error }
            return .hold(reason: .missingAttachment, detail: attachmentID, file: nil, sha256: nil, retryable: true)
        }
        let facts: FileFacts
        switch Swift.Result(catching: { () throws(AppError) in try FileFacts.read(path, limit: configuration.maxAttachmentSize) }) {
        case .success(let read):
            facts = read
        case .failure(let error) where error.code != .refused:
            throw error
        case .failure(let error):
            // Larger than announced (or announced without a size): kept for a person, like an unsupported file.
            let heldFolder = try DataDirectory.folder(configuration.dataDirectory, "held")
            let name = "\(kind.qontoType)-\(invoice.id)-oversized"
            rename(path, "\(heldFolder)/\(name)")
            return .hold(reason: .fileRefused, detail: error.message, file: "held/\(name)", sha256: nil)
        }
        guard facts.size > 0 else {
            unlink(path)
            return .hold(reason: .emptyFile, file: nil, sha256: nil, retryable: true)
        }
        guard let type = facts.type else {
            let heldFolder = try DataDirectory.folder(configuration.dataDirectory, "held")
            let name = "\(kind.qontoType)-\(invoice.id)-\(facts.sha256.prefix(8))"
            rename(path, "\(heldFolder)/\(name)")
            return .hold(reason: .unsupportedFile, detail: attachment.contentType, file: "held/\(name)", sha256: facts.sha256)
        }
        return .forward(path: path, facts: facts, type: type)
    }
}
