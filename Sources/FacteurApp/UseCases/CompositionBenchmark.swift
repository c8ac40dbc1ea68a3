import FacteurCore
import FoundationEssentials
import Foundation
import Glibc
import MIME

/// `facteur bench-compose FILE`: the composer alone, in process, writing to `/dev/null` — the
/// same destination as `openssl base64 -out /dev/null`, the benchmark's floor. It does what every
/// invoice goes through (read, type sniffing and SHA-256 of the file, headers, base64 body hashed
/// again as it is encoded), without the process start, the spool's sync or the outbox commit, which
/// `make bench` measures separately with whole `facteur forward` runs.
public enum CompositionBenchmark {
    /// One measurement.
    public struct Measurement: Sendable, Codable {
        /// Attachment bytes.
        public var attachmentBytes: Int
        /// Bytes of the composed message.
        public var messageBytes: Int
        /// Seconds of the fastest of the runs.
        public var bestSeconds: Double
        /// Seconds of every run.
        public var seconds: [Double]
    }

    /// Composes `path` into `/dev/null` `runs` times.
    /// - Throws: ``AppError`` for a file that cannot be read or is not a PDF, JPEG or PNG.
    public static func run(path: String, runs: Int) throws -> Measurement {
        let sink = open("/dev/null", O_WRONLY)
        guard sink >= 0 else { throw AppError(.io, "cannot open /dev/null") }
        defer { close(sink) }
        let from = Mailbox(address: try EmailAddress("factures@bench.example"))
        let to = Mailbox(address: try EmailAddress("achats@pennylane.example"))
        var seconds: [Double] = []
        var messageBytes = 0, attachmentBytes = 0
        for _ in 0..<max(runs, 1) {
            let start = DispatchTime.now().uptimeNanoseconds
            let facts = try FileFacts.read(path)
            guard let type = facts.type else { throw AppError(.refused, "\(path): not a PDF, JPEG or PNG file") }
            let document = try InvoiceDocument(recordID: "bench-compose", kind: .supplier, originalFileName: "facture.pdf",
                                               attachmentType: type, byteCount: facts.size,
                                               attachmentSHA256: facts.sha256, contentHash: facts.sha256)
            let layout = try InvoiceMail.layout(for: document, from: from, to: to, body: "Facture jointe.\n", date: Date())
            try SpoolWriter.stream(layout: layout, attachmentPath: path, expectedSHA256: facts.sha256, to: sink, path: "/dev/null")
            seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            messageBytes = layout.totalLength
            attachmentBytes = facts.size
        }
        return Measurement(attachmentBytes: attachmentBytes, messageBytes: messageBytes, bestSeconds: seconds.min() ?? 0,
                           seconds: seconds)
    }
}
