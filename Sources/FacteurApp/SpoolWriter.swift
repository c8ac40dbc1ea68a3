import FacteurCore
import Foundation
import Glibc
import MIME
import Store

/// Writes composed messages into the spool: head, the attachment streamed through base64, tail.
///
/// The attachment is read in chunks (never whole), hashed as it is encoded, and checked against the
/// size and SHA-256 it was composed with, so a file that changed meanwhile is refused rather than
/// sent with a wrong `X-Facteur-Attachment-SHA256`. The file is written to a temporary name, synced,
/// then renamed: a spool file either is complete or does not exist.
enum SpoolWriter {
    /// Input chunk size: a multiple of 57 bytes (one 76-character base64 line).
    static let chunkSize = 57 * 16_384

    static func write(layout: MessageLayout, attachmentPath: String, expectedSHA256: String,
                      to destination: String) throws(AppError) {
        let temporary = destination + ".tmp-\(getpid())"
        do throws(AppError) {
            try writeFile(layout: layout, attachmentPath: attachmentPath, expectedSHA256: expectedSHA256, to: temporary)
            guard rename(temporary, destination) == 0 else { throw AppError(.io, "cannot rename \(temporary): \(String(cString: strerror(errno)))") }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    private static func writeFile(layout: MessageLayout, attachmentPath: String, expectedSHA256: String,
                                  to path: String) throws(AppError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw AppError(.io, "cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        try stream(layout: layout, attachmentPath: attachmentPath, expectedSHA256: expectedSHA256, to: fd, path: path)
        guard fsync(fd) == 0 else { throw AppError(.io, "cannot sync \(path): \(String(cString: strerror(errno)))") }
    }

    /// Writes the message to `fd`: head, the attachment read in chunks, hashed and base64-encoded,
    /// tail; then checks the attachment's size and SHA-256. No sync (the caller decides).
    static func stream(layout: MessageLayout, attachmentPath: String, expectedSHA256: String,
                       to fd: Int32, path: String) throws(AppError) {
        let input = try openChecked(attachmentPath, size: layout.attachmentByteCount)
        defer { close(input) }
        try writeAll(fd, layout.head, path)
        var encoder = Base64LineEncoder()
        var hasher = SHA256()
        // Buffers no larger than the attachment needs (most invoices are far smaller than a chunk):
        // fresh ~2 MB buffers for every message, zero-filled, cost time and, being carved from the
        // heap over and over, left a backfill's heap fragmented (RSS growing with the count).
        let size = min(chunkSize, (layout.attachmentByteCount / 57 + 1) * 57)
        var chunk = [UInt8](repeating: 0, count: size)
        var output: [UInt8] = []
        output.reserveCapacity(Base64LineEncoder.encodedLength(byteCount: size) + 80)
        var total = 0
        while true {
            // Never more than the size that was checked, plus one byte to see that the file grew
            let wanted = min(size, layout.attachmentByteCount + 1 - total)
            guard wanted > 0 else { break }
            let read = chunk.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress, wanted) }
            if read < 0, errno == EINTR { continue }
            guard read >= 0 else { throw AppError(.io, "cannot read \(attachmentPath): \(String(cString: strerror(errno)))") }
            if read == 0 { break }
            total += read
            output.removeAll(keepingCapacity: true)
            chunk.withUnsafeBytes { bytes in
                let slice = UnsafeRawBufferPointer(rebasing: bytes[0..<read])
                hasher.update(slice)
                encoder.encode(slice, into: &output)
            }
            try writeAll(fd, output, path)
        }
        output.removeAll(keepingCapacity: true)
        encoder.finish(into: &output)
        try writeAll(fd, output, path)
        try writeAll(fd, layout.tail, path)
        guard total == layout.attachmentByteCount, hasher.finalizeHex() == expectedSHA256 else {
            throw AppError(.changedFile, "\(attachmentPath) changed while it was being composed; try again")
        }
    }

    /// Opens the attachment once for reading, without blocking (a FIFO) or following a symlink
    /// swapped in after the path was resolved, and checks what the descriptor is: a regular file
    /// of at most `size` bytes (the size its facts were taken with, itself within
    /// `max_attachment_size`). Anything else, a device such as /dev/zero, a pipe, a larger file, is
    /// refused before a byte of it is read.
    static func openChecked(_ attachmentPath: String, size: Int) throws(AppError) -> Int32 {
        // The path is resolved once (a file forwarded through a symlink stays allowed); the last
        // component is then opened with O_NOFOLLOW, so a symlink put there meanwhile is refused.
        let resolved = URL(fileURLWithPath: attachmentPath).resolvingSymlinksInPath().path
        let input = open(resolved, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard input >= 0 else {
            throw AppError(.io, "cannot open \(attachmentPath): \(String(cString: strerror(errno)))")
        }
        // The descriptor's own facts: what was opened, not what the path names now.
        var info = Glibc.stat()
        guard fstat(input, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(input)
            throw AppError(.refused, "\(attachmentPath) is no longer a regular file (a device, a pipe or a directory); not read")
        }
        guard Int(info.st_size) <= size else {
            close(input)
            throw AppError(.changedFile, "\(attachmentPath) grew after it was checked; not read, try again")
        }
        return input
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], _ path: String) throws(AppError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            guard written > 0 else { throw AppError(.io, "cannot write \(path): \(String(cString: strerror(errno)))") }
            offset += written
        }
    }
}
