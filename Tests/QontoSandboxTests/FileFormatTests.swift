import FacteurTesting
import Foundation
@testable import QontoSandbox
import Testing

/// Attachment files are real files: PDFs with a correct xref table, PNGs with correct CRCs,
/// a baseline JPEG — and the same seed gives the same bytes.
@Suite(.poolWatchdog) struct FileFormatTests {
    static func dataset(seed: UInt64 = 42, invoicesPerYear: Int = 40, years: Int = 2) -> Dataset {
        var generator = DatasetGenerator(seed: seed, invoicesPerYear: invoicesPerYear, years: years,
                                         now: Instant(TestClock().now), slug: "facteur-demo")
        return generator.make()
    }

    /// Every attachment's bytes, by id, rendered as the sandbox serves them.
    static func files(of dataset: Dataset) throws -> [String: (AttachmentRecord, [UInt8])] {
        let invoices = Dictionary(uniqueKeysWithValues: (dataset.supplierInvoices + dataset.clientInvoices).map { ($0.id, $0.body) })
        var files: [String: (AttachmentRecord, [UInt8])] = [:]
        for record in dataset.attachments.values {
            files[record.id] = (record, try AttachmentRenderer.bytes(for: record.content, invoice: { invoices[$0] },
                                                                    organizationName: "Atelier Facteur SAS"))
        }
        return files
    }

    @Test func everyPDFStartsWithHeaderEndsWithEOFAndHasACorrectXref() throws {
        let pdfs = try Self.files(of: Self.dataset()).values.filter { $0.1.starts(with: Array("%PDF-".utf8)) }
        #expect(pdfs.count > 40)
        for (record, bytes) in pdfs {
            #expect(bytes.suffix(5) == Array("%%EOF".utf8)[...], "\(record.fileName)")
            try Self.checkXref(bytes)
        }
    }

    @Test func everyPDFOrImageDeclaredIsWhatItsBytesAre() throws {
        for (record, bytes) in try Self.files(of: Self.dataset()).values where !bytes.isEmpty {
            #expect(DatasetDirectory.sniff(Array(bytes.prefix(8))) == record.contentType, "\(record.fileName)")
        }
    }

    @Test func pdfTextShowsSupplierNumberAndAmountWhenPdftotextIsInstalled() async throws {
        let tool = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let invoice = JSON.object([
            ("supplier_name", .string("Société d'Énergie du Léman SARL")), ("invoice_number", .string("F-2026-0412")),
            ("total_amount", DatasetGenerator.money(123_456, "EUR")),
        ])
        let bytes = AttachmentRenderer.pdf(invoice, organizationName: "Atelier Facteur SAS").bytes()
        try Self.checkXref(bytes)
        guard let tool else { return }  // structure checked above; text check needs poppler-utils
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("invoice.pdf")
        try Data(bytes).write(to: file)
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = [file.path, "-"]
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        let finished = await process.finish(stdout: output)
        let text = finished.stdoutText
        #expect(finished.status == 0)
        #expect(text.contains("Société d'Énergie du Léman SARL"))
        #expect(text.contains("F-2026-0412"))
        #expect(text.contains("1234.56 EUR"))
    }

    @Test func pngChunksHaveValidCRCsAndTheZlibStreamChecksOut() throws {
        let png = ImageFiles.png(variant: 3)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var offset = 8
        var types: [String] = []
        while offset < png.count {
            let length = Int(png[offset]) << 24 | Int(png[offset + 1]) << 16 | Int(png[offset + 2]) << 8 | Int(png[offset + 3])
            let typeAndData = Array(png[(offset + 4)..<(offset + 8 + length)])
            let stored = png[(offset + 8 + length)..<(offset + 12 + length)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            #expect(ImageFiles.crc32(typeAndData) == stored)
            types.append(String(decoding: typeAndData.prefix(4), as: UTF8.self))
            if types.last == "IDAT" {
                // Stored blocks: the payload is the raw scanlines, followed by their Adler-32.
                let stream = Array(typeAndData.dropFirst(4))
                let raw = Array(stream[7..<(stream.count - 4)])
                #expect(raw.count == 20 * (1 + 32 * 3))
                #expect(stream.suffix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) } == ImageFiles.adler32(raw))
            }
            offset += 12 + length
        }
        #expect(types == ["IHDR", "IDAT", "IEND"])
        #expect(ImageFiles.crc32(Array("IEND".utf8)) == 0xAE42_6082)
    }

    @Test func jpegIsABaselineImageWithAllSegmentsInPlace() {
        let jpeg = ImageFiles.jpeg
        #expect(jpeg.prefix(2) == [0xFF, 0xD8])
        #expect(jpeg.suffix(2) == [0xFF, 0xD9])
        var markers: [UInt8] = []
        var offset = 2
        while offset + 4 <= jpeg.count, jpeg[offset] == 0xFF, jpeg[offset + 1] != 0xDA {
            markers.append(jpeg[offset + 1])
            offset += 2 + (Int(jpeg[offset + 2]) << 8 | Int(jpeg[offset + 3]))
        }
        #expect(markers == [0xE0, 0xDB, 0xC0, 0xC4, 0xC4])
        #expect(jpeg[offset + 1] == 0xDA)
    }

    @Test func theSameSeedGivesTheSameDataAndBytes() throws {
        let first = Self.dataset(seed: 7), second = Self.dataset(seed: 7), other = Self.dataset(seed: 8)
        #expect(first.supplierInvoices.map(\.body) == second.supplierInvoices.map(\.body))
        #expect(first.transactions.map(\.body) == second.transactions.map(\.body))
        #expect(first.organization == second.organization)
        let firstFiles = try Self.files(of: first), secondFiles = try Self.files(of: second)
        #expect(firstFiles.mapValues(\.1) == secondFiles.mapValues(\.1))
        #expect(first.supplierInvoices.map(\.id) != other.supplierInvoices.map(\.id))
    }

    @Test func fileBytesDoNotDependOnTheClock() throws {
        var later = DatasetGenerator(seed: 7, invoicesPerYear: 40, years: 2,
                                     now: Instant(TestClock().now).adding(seconds: 86_400 * 45), slug: "facteur-demo")
        let laterFiles = try Self.files(of: later.make()).mapValues(\.1)
        #expect(try Self.files(of: Self.dataset(seed: 7)).mapValues(\.1) == laterFiles)
    }

    /// Checks that each xref entry points at `N 0 obj` and that `startxref` points at `xref`.
    static func checkXref(_ bytes: [UInt8]) throws {
        let text = String(decoding: bytes, as: UTF8.self)
        let tail = text.components(separatedBy: "startxref\n").last ?? ""
        let xrefOffset = try #require(Int(tail.components(separatedBy: "\n")[0]))
        #expect(Array(bytes[xrefOffset..<xrefOffset + 4]) == Array("xref".utf8))
        let entries = String(decoding: bytes[xrefOffset...], as: UTF8.self).components(separatedBy: "\n").dropFirst(3)
        for (index, entry) in entries.prefix(while: { $0.hasSuffix(" n ") }).enumerated() {
            #expect(entry.utf8.count == 19)  // 20 bytes with the LF
            let offset = try #require(Int(entry.prefix(10)))
            let object = Array("\(index + 1) 0 obj".utf8)
            #expect(Array(bytes[offset..<offset + object.count]) == object)
        }
    }
}
