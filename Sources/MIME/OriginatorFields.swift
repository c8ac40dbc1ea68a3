#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The header fields every Facteur message starts with, whatever its body: `Date`, `From`, `To`,
/// `Subject`, `Message-ID`, `In-Reply-To` and `References` when the message replaces another,
/// `MIME-Version` and the extra fields, in that order.
enum OriginatorFields {
    /// The fields, each ended by CRLF; the caller adds `Content-Type` and the rest.
    /// - Parameter replaces: The Message-ID (validated, without brackets) of the message this one
    ///   replaces, written as both `In-Reply-To` and `References` (RFC 5322 §3.6.4), or nil.
    static func header(from: Mailbox, to: Mailbox, subject: String, date: Date, utcOffsetSeconds: Int,
                       messageID: String, replaces: String? = nil, extraHeaders: [(name: String, value: String)]) -> String {
        var header = HeaderFolding.field("Date", tokens: [RFC5322Date.format(date, utcOffsetSeconds: utcOffsetSeconds)])
        header += HeaderFolding.field("From", tokens: from.headerTokens())
        header += HeaderFolding.field("To", tokens: to.headerTokens())
        header += HeaderFolding.field(
            "Subject", foldedValue: EncodedWord.encodeUnstructured(subject, headerNameLength: "Subject: ".utf8.count)
        )
        header += HeaderFolding.field("Message-ID", tokens: ["<" + messageID + ">"])
        if let replaces {
            header += HeaderFolding.field("In-Reply-To", tokens: ["<" + replaces + ">"])
            header += HeaderFolding.field("References", tokens: ["<" + replaces + ">"])
        }
        header += "MIME-Version: 1.0\r\n"
        for (name, value) in extraHeaders {
            let folded = EncodedWord.encodeUnstructured(value, headerNameLength: name.utf8.count + 2)
            header += HeaderFolding.field(name, foldedValue: folded)
        }
        return header
    }
}
