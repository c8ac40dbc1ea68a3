/// Quoted-printable (RFC 2045 §6.7) for the text body.
///
/// The output is defensive beyond the RFC: besides the mandatory encodings, it encodes a
/// `.` that would start a line (libcurl 7.88 truncates messages at such lines) and the `F`
/// of a line starting with `From ` (mbox files would split the message there).
public enum QuotedPrintable {
    /// The longest encoded line, in octets, without CRLF (soft break `=` included).
    static let lineLength = 76

    /// Encodes text as quoted-printable lines, each ended by CRLF.
    ///
    /// - Line endings (CRLF, lone LF, lone CR) become hard CRLF line breaks; a final line
    ///   ending does not add an empty line.
    /// - `=`, every non-ASCII byte (the text is UTF-8), and every control except TAB are
    ///   written `=XX` with uppercase hex; TAB and space are encoded when they end a line.
    /// - Soft line breaks (`=` CRLF) keep every line at most 76 octets.
    /// - A `.` at the start of any output line (after a hard or a soft break) is written
    ///   `=2E`, and the `F` of `From ` there is written `=46`.
    ///
    /// The output is 7-bit ASCII, contains `=` only as `=XX` or a soft break (so never `=_`,
    /// the start of the composer's boundaries) and always ends with CRLF: empty text gives
    /// a single CRLF.
    /// - Parameter text: The body text, with any line endings.
    /// - Returns: The encoded bytes.
    public static func encode(_ text: String) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + text.utf8.count / 8 + 2)
        var lines = splitLines(Array(text.utf8))
        if lines.count > 1 && lines.last?.isEmpty == true { lines.removeLast() }
        for line in lines {
            encodeLine(line, into: &output)
            output += [13, 10]
        }
        return output
    }

    /// Splits bytes at CRLF, LF and CR; `n` line endings give `n + 1` lines.
    static func splitLines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 13 || byte == 10 {
                lines.append(bytes[start..<index])
                index += (byte == 13 && index + 1 < bytes.count && bytes[index + 1] == 10) ? 2 : 1
                start = index
            } else {
                index += 1
            }
        }
        lines.append(bytes[start..<bytes.count])
        return lines
    }

    /// Encodes one line (without its line ending), adding soft breaks as needed.
    static func encodeLine(_ line: ArraySlice<UInt8>, into output: inout [UInt8]) {
        var column = 0
        var index = line.startIndex
        while index < line.endIndex {
            let isLast = index == line.endIndex - 1
            var token = encoded(line, at: index, column: column, isLast: isLast)
            let limit = isLast ? lineLength : lineLength - 1
            if column + token.count > limit {
                output += [UInt8(ascii: "="), 13, 10]
                column = 0
                token = encoded(line, at: index, column: 0, isLast: isLast)
            }
            output += token
            column += token.count
            index += 1
        }
    }

    /// The output for the byte at `index`: itself, or `=XX`.
    static func encoded(_ line: ArraySlice<UInt8>, at index: Int, column: Int, isLast: Bool) -> [UInt8] {
        let byte = line[index]
        let mustEncode: Bool
        switch byte {
        case UInt8(ascii: "="), 0x7F...0xFF:
            mustEncode = true
        case UInt8(ascii: " "), UInt8(ascii: "\t"):
            mustEncode = isLast
        case 0x00..<0x20:
            mustEncode = true
        case UInt8(ascii: "."):
            mustEncode = column == 0
        case UInt8(ascii: "F"):
            mustEncode = column == 0 && line[(index + 1)...].starts(with: "rom ".utf8)
        default:
            mustEncode = false
        }
        guard mustEncode else { return [byte] }
        let hex = Array("0123456789ABCDEF".utf8)
        return [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
    }
}
