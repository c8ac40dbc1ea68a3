import Foundation
import MIME
import Store

/// Rewrites a composed message in the spool, atomically (temporary file, fsync, rename).
enum SpoolRewrite {
    /// Replaces the message's `To` field; the rest is copied byte for byte.
    /// - Returns: The new size in bytes.
    static func readdress(_ path: String, to recipient: Mailbox) throws -> Int64 {
        guard let input = FileHandle(forReadingAtPath: path) else { throw AppError(.io, "cannot read \(path)") }
        defer { try? input.close() }
        // The header block ends at the first blank line; Facteur's headers are far below 64 KiB.
        let start = try input.read(upToCount: 65_536) ?? Data()
        guard let end = start.firstRange(of: Data("\r\n\r\n".utf8)) else {
            throw AppError(.refused, "\(path) has no header block")
        }
        let header = try RecipientRewrite.rewrite(header: Array(start[..<end.upperBound]), to: recipient)
        let temporary = path + ".readdress"
        guard FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600]),
              let output = FileHandle(forWritingAtPath: temporary) else { throw AppError(.io, "cannot write \(temporary)") }
        var size = Int64(header.count)
        do {
            try output.write(contentsOf: header)
            let rest = start[end.upperBound...]
            try output.write(contentsOf: rest)
            size += Int64(rest.count)
            while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
                try output.write(contentsOf: chunk)
                size += Int64(chunk.count)
            }
            try output.synchronize()
            try output.close()
        } catch {
            try? output.close()
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else { throw AppError(.io, "cannot replace \(path)") }
        return size
    }
}
