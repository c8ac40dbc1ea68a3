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
    /// The opened database.
    public let database: FacteurDatabase

    /// Creates the use case.
    public init(configuration: FacteurConfiguration, database: FacteurDatabase) {
        self.configuration = configuration
        self.database = database
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
        let facts = try FileFacts.read(path)
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
        let outbox = OutboxRepository(database: database)
        if let existing = try outbox.messages(recordID: recordID).first(where: {
            $0.contentHash == document.contentHash && $0.recordType == kind.qontoType
        }) {
            return Outcome(result: "duplicate", message: existing)
        }
        let renderer = try MailBodyRenderer(templatesDirectory: configuration.templatesDirectory)
        let enqueued = try Composer(dataDirectory: configuration.dataDirectory, outbox: outbox)
            .compose(document, attachmentPath: path, from: sender, to: Mailbox(address: recipient),
                     body: renderer.body(for: document), now: now)
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

    static func read(_ path: String) throws(AppError) -> FileFacts {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw AppError(.notFound, "no such file: \(path)")
        }
        guard let file = fopen(path, "rb") else {
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
        }
        guard ferror(file) == 0 else { throw AppError(.io, "cannot read \(path)") }
        return FileFacts(size: size, type: AttachmentType.detect(leadingBytes: leading), sha256: hasher.finalizeHex())
    }
}
