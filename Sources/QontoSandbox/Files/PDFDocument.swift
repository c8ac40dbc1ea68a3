/// A minimal, valid one-page PDF 1.4 with lines of Helvetica text.
///
/// Invoices are attachments that Pennylane must be able to read, so the sandbox's files are real
/// PDFs: a catalog, one page, two standard Type 1 fonts (no embedding needed), one content stream,
/// an info dictionary and a cross-reference table whose offsets are computed from the bytes
/// written, so strict readers (`pdftotext`, `qpdf --check`) accept them without repair. Text uses
/// WinAnsiEncoding; characters outside it (CJK, Greek, emoji) are drawn as `?` — the JSON keeps
/// the real name.
struct PDFDocument {
    /// One line of text; `bold` selects Helvetica-Bold.
    struct Line {
        var text: String
        var size: Int = 11
        var bold = false
    }

    var title: String
    var lines: [Line]

    /// The file bytes: starts with `%PDF-` and ends with `%%EOF`.
    func bytes() -> [UInt8] {
        var out: [UInt8] = []
        var offsets: [Int] = []
        func append(_ text: String) { out.append(contentsOf: Array(text.utf8)) }
        func object(_ number: Int, _ body: [UInt8]) {
            offsets.append(out.count)
            append("\(number) 0 obj\n")
            out.append(contentsOf: body)
            append("\nendobj\n")
        }

        append("%PDF-1.4\n")
        // A comment with high bytes tells transfer tools the file is binary (PDF 32000 §7.5.2).
        out.append(contentsOf: [0x25, 0xE2, 0xE3, 0xCF, 0xD3, 0x0A])
        object(1, Array("<< /Type /Catalog /Pages 2 0 R >>".utf8))
        object(2, Array("<< /Type /Pages /Kids [3 0 R] /Count 1 >>".utf8))
        object(3, Array(("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            + "/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>").utf8))
        object(4, Array("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".utf8))
        object(5, Array("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>".utf8))
        let stream = contentStream()
        object(6, Array("<< /Length \(stream.count) >>\nstream\n".utf8) + stream + Array("\nendstream".utf8))
        object(7, Array("<< /Title ".utf8) + PDFDocument.literal(title)
            + Array(" /Producer (Facteur Qonto sandbox) >>".utf8))

        let xrefOffset = out.count
        append("xref\n0 \(offsets.count + 1)\n")
        // Each entry is exactly 20 bytes, ending in space + LF (PDF 32000 §7.5.4).
        append("0000000000 65535 f \n")
        for offset in offsets {
            let digits = String(offset)
            append(String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n")
        }
        append("trailer\n<< /Size \(offsets.count + 1) /Root 1 0 R /Info 7 0 R >>\nstartxref\n\(xrefOffset)\n%%EOF")
        return out
    }

    private func contentStream() -> [UInt8] {
        var out: [UInt8] = []
        var y = 800
        for line in lines {
            for chunk in PDFDocument.wrap(line.text, width: line.size > 14 ? 40 : 80) {
                y -= line.size + 7
                out.append(contentsOf: Array("BT /\(line.bold ? "F2" : "F1") \(line.size) Tf 56 \(y) Td ".utf8))
                out.append(contentsOf: PDFDocument.literal(chunk))
                out.append(contentsOf: Array(" Tj ET\n".utf8))
            }
        }
        return out
    }

    /// Splits a long line (a 300-character supplier name) so it stays on the page.
    private static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty, current.count + word.count + 1 > width {
                lines.append(current)
                current = ""
            }
            current += current.isEmpty ? String(word) : " " + word
            while current.count > width {
                lines.append(String(current.prefix(width)))
                current = String(current.dropFirst(width))
            }
        }
        lines.append(current)
        return lines
    }

    /// A PDF literal string in WinAnsiEncoding: `(`, `)`, `\` escaped, high bytes in octal.
    static func literal(_ text: String) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "(")]
        for scalar in text.unicodeScalars {
            let byte = winAnsi(scalar)
            switch byte {
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\\"):
                out.append(UInt8(ascii: "\\")); out.append(byte)
            case 0x20...0x7E:
                out.append(byte)
            default:
                out.append(contentsOf: Array(("\\" + String(byte, radix: 8)).utf8))
            }
        }
        out.append(UInt8(ascii: ")"))
        return out
    }

    private static func winAnsi(_ scalar: Unicode.Scalar) -> UInt8 {
        switch scalar.value {
        case 0x20...0x7E, 0xA0...0xFF: return UInt8(scalar.value)
        case 0x20AC: return 0x80  // €
        case 0x2026: return 0x85  // …
        case 0x0152: return 0x8C  // Œ
        case 0x2018: return 0x91
        case 0x2019: return 0x92  // typographic apostrophe, common in French names
        case 0x201C: return 0x93
        case 0x201D: return 0x94
        case 0x2013: return 0x96  // –
        case 0x2014: return 0x97  // —
        case 0x0153: return 0x9C  // œ
        case 0x0178: return 0x9F  // Ÿ
        default: return UInt8(ascii: "?")
        }
    }
}
