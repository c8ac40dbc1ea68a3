@testable import FacteurApp
import FacteurCore
import FacteurTesting
import Foundation
import Glibc
import MIME
import Testing

/// The spool writer reads the attachment a second time, after its facts (size, SHA-256) were
/// taken: what is at the path then may not be what was checked. It must read no more than the
/// size that was checked, and never block or stream from what is not a regular file. Code
/// review, fix 2.
@Suite(.serialized) struct SpoolSwapTests {
    /// A layout for `path` as it is now, as the composer makes it.
    static func layout(for path: String) throws -> (MessageLayout, String) {
        let facts = try FileFacts.read(path, limit: 1_000_000)
        let document = try InvoiceDocument(recordID: "swap", kind: .supplier, originalFileName: "facture.pdf",
                                           attachmentType: try #require(facts.type), byteCount: facts.size,
                                           attachmentSHA256: facts.sha256, contentHash: facts.sha256)
        let layout = try InvoiceMail.layout(for: document, from: Mailbox(address: try EmailAddress("factures@example.fr")),
                                            to: Mailbox(address: try EmailAddress("achats@pennylane.test")),
                                            body: "Facture jointe.\n", date: Date())
        return (layout, facts.sha256)
    }

    @Test func aPathSwappedForAPipeAfterItsFactsWereTakenIsRefusedWithoutReadingIt() async throws {
        signal(SIGPIPE, SIG_IGN)  // the writer below may write to a pipe the spool writer closed
        let directory = try TemporaryDirectory("facteur-spool-swap")
        defer { directory.remove() }
        // Given a small invoice whose facts were taken
        let path = "\(directory.path)/invoice.pdf"
        try SpoolAttachmentTests.pdf(size: 2_000).write(to: URL(fileURLWithPath: path))
        let (layout, sha256) = try Self.layout(for: path)
        // When the path is then swapped for a pipe someone writes 4 MiB into
        unlink(path)
        #expect(mkfifo(path, 0o600) == 0)
        let fed = Counter()
        let writer = Thread {
            let deadline = Date().addingTimeInterval(5)
            var fd: Int32 = -1
            while fd < 0, Date() < deadline {
                fd = open(path, O_WRONLY | O_NONBLOCK)  // ENXIO until a reader opens it
                if fd < 0 { usleep(1_000) }
            }
            guard fd >= 0 else { fed.finish(); return }
            let chunk = [UInt8](repeating: 0x30, count: 65_536)
            while fed.value < 4 << 20, Date() < deadline {
                let written = chunk.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
                if written > 0 { fed.add(written) } else if errno == EAGAIN { usleep(1_000) } else { break }
            }
            close(fd)
            fed.finish()
        }
        writer.start()
        let sink = open("/dev/null", O_WRONLY)
        defer { close(sink) }
        // Reading the pipe and waiting for its writer block: off the concurrency pool.
        let layoutBox = UncheckedBox(layout)
        let composed = await offPool {
            let composed = Result {
                try SpoolWriter.stream(layout: layoutBox.value, attachmentPath: path, expectedSHA256: sha256, to: sink, path: "/dev/null")
            }
            fed.wait()
            return composed
        }
        // Then composing from it is refused, and the pipe was not read past the size checked
        #expect(throws: AppError.self) { try composed.get() }
        #expect(fed.value < 1 << 20, "\(fed.value) bytes taken from the pipe")
    }

    @Test func aPathSwappedForALargerFileIsRefusedWithoutReadingMoreThanTheCheckedSize() throws {
        let directory = try TemporaryDirectory("facteur-spool-grow")
        defer { directory.remove() }
        let path = "\(directory.path)/invoice.pdf"
        try SpoolAttachmentTests.pdf(size: 2_000).write(to: URL(fileURLWithPath: path))
        let (layout, sha256) = try Self.layout(for: path)
        // The path now names a symlink to /dev/zero, which never ends
        unlink(path)
        #expect(symlink("/dev/zero", path) == 0)
        let sink = open("/dev/null", O_WRONLY)
        defer { close(sink) }
        #expect(throws: AppError.self) {
            try SpoolWriter.stream(layout: layout, attachmentPath: path, expectedSHA256: sha256, to: sink, path: "/dev/null")
        }
    }
}

/// Bytes counted by one thread, awaited by another.
final class Counter: @unchecked Sendable {
    // @unchecked: every access holds `lock`; `done` is signalled once.
    private let lock = NSLock()
    private let done = DispatchSemaphore(value: 0)
    private var count = 0
    var value: Int { lock.withLock { count } }
    func add(_ bytes: Int) { lock.withLock { count += bytes } }
    func finish() { done.signal() }
    func wait() { done.wait() }
}
