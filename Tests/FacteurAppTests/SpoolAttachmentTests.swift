import FacteurApp
import FacteurCore
import FacteurTesting
import Foundation
import Store
import Testing

/// The spool writer sizes its buffers to the attachment: a file smaller than one chunk, one just
/// under it and one spanning several chunks all come out of the spool byte for byte.
@Suite struct SpoolAttachmentTests {
    /// A PDF-looking file of `size` bytes (the header, then bytes from a fixed sequence).
    static func pdf(size: Int) -> Data {
        var bytes = Array("%PDF-1.4\n".utf8)
        var state: UInt32 = 2_463_534_242
        while bytes.count < size {
            state ^= state << 13; state ^= state >> 17; state ^= state << 5
            bytes.append(UInt8(truncatingIfNeeded: state))
        }
        return Data(bytes.prefix(size))
    }

    /// The attachment part's body, decoded from the spooled message.
    static func attachment(in message: String) throws -> Data {
        let marker = "Content-Disposition: attachment;"
        let part = try #require(message.range(of: marker))
        let body = try #require(message.range(of: "\r\n\r\n", range: part.upperBound..<message.endIndex))
        let end = try #require(message.range(of: "\r\n--", range: body.upperBound..<message.endIndex))
        let base64 = message[body.upperBound..<end.lowerBound].replacingOccurrences(of: "\r\n", with: "")
        return try #require(Data(base64Encoded: base64))
    }

    @Test(arguments: [200, 57 * 16_384 - 3, 2 * 57 * 16_384 + 100])
    func anAttachmentOfAnySizeIsSpooledByteForByte(size: Int) throws {
        let directory = try TemporaryDirectory("facteur-spool")
        defer { directory.remove() }
        // Given an invoice file of `size` bytes
        let file = Self.pdf(size: size)
        try file.write(to: URL(fileURLWithPath: "\(directory.path)/invoice.pdf"))
        let configuration = try FacteurConfiguration(values: [
            "data_dir": "\(directory.path)/data", "templates_dir": "\(Repository.root)/templates",
            "smtp_url": "file://\(directory.path)/mail", "smtp_from": "Facteur <factures@example.fr>",
            "pennylane_supplier_inbox": "achats@pennylane.test", "pennylane_customer_inbox": "ventes@pennylane.test",
        ])
        let database = try FacteurDatabase.open(dataDirectory: "\(directory.path)/data")
        // When it is forwarded (composed into the spool)
        let outcome = try ForwardInvoice(configuration: configuration, database: database)
            .forward(path: "\(directory.path)/invoice.pdf", kind: .supplier, reference: nil, now: Date())
        // Then the spooled message carries exactly its bytes
        let message = try String(contentsOfFile: "\(directory.path)/data/\(outcome.message.spoolFile)", encoding: .utf8)
        #expect(try Self.attachment(in: message) == file)
    }
}
