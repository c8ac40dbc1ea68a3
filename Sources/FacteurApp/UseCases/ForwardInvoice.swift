public import FacteurCore
public import FoundationEssentials
import Foundation
import MIME
public import Store

/// `facteur forward FILE --kind supplier|customer [--ref ID]`: turns a local invoice file into a
/// queued message, through the same composer, spool and outbox as Qonto records.
public struct ForwardInvoice: Sendable {
    /// The validated configuration.
    public let configuration: FacteurConfiguration
    /// The workspace's store.
    public let store: any WorkspaceStore

    /// Creates the use case.
    public init(configuration: FacteurConfiguration, store: any WorkspaceStore) {
        self.configuration = configuration
        self.store = store
    }

    /// What happened to the file.
    public struct Outcome: Sendable, Codable {
        /// `queued`, `updated` (same reference, new content) or `duplicate` (already in the outbox).
        public var result: String
        /// The outbox message.
        public var message: OutboxMessage
    }

    /// Forwards one file.
    /// - Parameters:
    ///   - path: The invoice file (PDF, JPEG or PNG).
    ///   - kind: Supplier or customer invoice: chooses the Pennylane inbox.
    ///   - reference: The record ID to carry (a Qonto ID); default `local-<first 16 hex of the file's SHA-256>`.
    ///   - now: The Date header and queue time.
    /// - Returns: What happened.
    /// - Throws: ``AppError`` (`.refused` for a file Pennylane cannot read, naming it and why),
    ///   ``ConfigurationError`` for a missing inbox or sender, ``StoreError``.
    public func forward(path: String, kind: InvoiceKind, reference: String?, now: Date) throws -> Outcome {
        let recipient = try configuration.requireInbox(for: kind)
        let sender = try configuration.requireSender()
        let facts: FileFacts
        switch Result(catching: { () throws(AppError) in try FileFacts.read(path, limit: configuration.maxAttachmentSize) }) {
        case .success(let read): facts = read
        case .failure(let error) where error.code == .refused:
            throw AppError(.refused, "refused \(path): \(error.message); nothing was queued")
        case .failure(let error): throw error
        }
        let fileName = (path as NSString).lastPathComponent
        guard facts.size > 0 else { throw AppError(.refused, "refused \(path): the file is empty") }
        guard let type = facts.type else {
            throw AppError(.refused, "refused \(path): not a PDF, JPEG or PNG file (Pennylane's email-in reads only these); nothing was queued")
        }
        let recordID = reference ?? "local-\(facts.sha256.prefix(16))"
        let document: InvoiceDocument
        do {
            document = try InvoiceDocument(recordID: recordID, kind: kind, originalFileName: fileName, attachmentType: type,
                                           byteCount: facts.size, attachmentSHA256: facts.sha256, contentHash: facts.sha256)
        } catch {
            throw AppError(.refused, "refused \(path): \(error.message)")
        }
        let outbox = store.outbox
        if let existing = try outbox.messages(recordID: recordID).first(where: {
            $0.contentHash == document.contentHash && $0.recordType == kind.qontoType
        }) {
            return Outcome(result: "duplicate", message: existing)
        }
        let renderer = try MailBodyRenderer(templatesDirectory: configuration.templatesDirectory)
        let composer = Composer(workspace: configuration.workspace, dataDirectory: configuration.dataDirectory, outbox: outbox)
        var labelled = document
        labelled.origin = .manual
        if let previous = try composer.previousMessage(recordID: recordID, kind: kind, contentHash: document.contentHash) {
            // Same reference, other file: only the file can have changed.
            labelled.replaces = InvoiceReplacement(messageID: previous.messageID, changes: [
                .file(from: previous.attachmentName, to: InvoiceMail.attachmentFileName(for: labelled)),
            ])
        }
        let enqueued = try composer.compose(labelled, attachmentPath: path, from: sender, to: Mailbox(address: recipient),
                                            body: renderer.body(for: labelled), now: now)
        switch enqueued {
        case .queued(let message): return Outcome(result: "queued", message: message)
        case .updated(let message, _): return Outcome(result: "updated", message: message)
        case .duplicate(let message): return Outcome(result: "duplicate", message: message)
        }
    }
}

/// Size, type and SHA-256 of a file, read in chunks.
struct FileFacts {
    var size: Int
    var type: AttachmentType?
    var sha256: String

    /// Bytes read at a time. Small on purpose: a backfill reads one file per record, and a 1 MiB
    /// buffer for each (zero-filled, above malloc's mmap threshold once that has adapted) was
    /// carved from the heap and left it fragmented, so the process grew with the record count.
    static let chunkSize = 64 * 1024

    /// Reads a regular file's facts.
    /// - Parameters:
    ///   - path: The file.
    ///   - limit: The largest size accepted (config `max_attachment_size`), if any.
    /// - Throws: ``AppError`` `.notFound`; `.refused` (message without the path) for what is not a
    ///   regular file (a device such as /dev/zero, a FIFO, a directory: reading it may never end)
    ///   or a file over `limit`; `.io`.
    static func read(_ path: String, limit: Int? = nil) throws(AppError) -> FileFacts {
        // FileManager rather than stat(2): with MemberImportVisibility the members of Glibc's
        // `struct stat` resolve to whichever module first imported the header (CDispatch in
        // some builds), which made this file fail to compile now and then.
        guard FileManager.default.fileExists(atPath: path) else { throw AppError(.notFound, "no such file: \(path)") }
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: target)
        } catch {
            throw AppError(.io, "cannot open \(path): \(error.localizedDescription)")
        }
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            throw AppError(.refused, "not a regular file (a directory, a device or a pipe)")
        }
        let announced = (attributes[.size] as? NSNumber)?.intValue ?? 0
        if let limit, announced > limit { throw tooLarge(announced, limit: limit) }
        // O_NONBLOCK: a file swapped for a FIFO since the check must not block the open; one
        // swapped for a device is still read no further than the limit (below).
        let descriptor = open(target, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0, let file = fdopen(descriptor, "rb") else {
            if descriptor >= 0 { close(descriptor) }
            throw AppError(.io, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        var size = 0
        var leading: [UInt8] = []
        while true {
            let read = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if read == 0 { break }
            if leading.count < 16 { leading += buffer[0..<min(read, 16 - leading.count)] }
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<read])) }
            size += read
            // A file that grows while it is read stops at the limit, not at the end of the disk.
            if let limit, size > limit { throw tooLarge(size, limit: limit) }
        }
        guard ferror(file) == 0 else { throw AppError(.io, "cannot read \(path)") }
        return FileFacts(size: size, type: AttachmentType.detect(leadingBytes: leading), sha256: hasher.finalizeHex())
    }

    /// The refusal of a file over `max_attachment_size`, in one line.
    static func tooLarge(_ size: Int, limit: Int) -> AppError {
        AppError(.refused, "file too large: \(ByteCount.describe(size)) is over max_attachment_size (\(ByteCount.describe(limit)))")
    }
}
