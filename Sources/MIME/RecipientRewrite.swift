#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Changes the `To` field of a composed message, for a message re-addressed after its inbox was
/// corrected (the status page's Retry after a 5xx "mailbox unknown"). Everything else — the
/// Message-ID, the body, the attachment — stays byte for byte.
public enum RecipientRewrite {
    /// The header block with its `To` field (and any folded continuation lines) replaced.
    /// - Parameters:
    ///   - header: The message's header block, up to and including the blank line (CRLF CRLF).
    ///   - recipient: The new recipient.
    /// - Returns: The new header block.
    /// - Throws: ``MIMEError`` `.invalidHeaderName` when the block has no single `To` field.
    public static func rewrite(header: [UInt8], to recipient: Mailbox) throws(MIMEError) -> [UInt8] {
        let text = String(decoding: header, as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n")
        let starts = lines.indices.filter { lines[$0].lowercased().hasPrefix("to:") }
        guard starts.count == 1, let start = starts.first else {
            throw MIMEError(.invalidHeaderName, "the composed message has \(starts.count) To fields, expected 1")
        }
        var end = start + 1
        while end < lines.count, lines[end].hasPrefix(" ") || lines[end].hasPrefix("\t") { end += 1 }
        let field = HeaderFolding.field("To", tokens: recipient.headerTokens())
        // Bytes, not Characters: "\r\n" is a single Character in Swift.
        lines.replaceSubrange(start..<end, with: [String(decoding: Array(field.utf8).dropLast(2), as: UTF8.self)])
        return Array(lines.joined(separator: "\r\n").utf8)
    }
}
