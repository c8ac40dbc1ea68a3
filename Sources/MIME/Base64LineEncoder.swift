/// Encodes bytes as base64 in 76-character lines, each ended by CRLF, streaming.
///
/// Chunks passed to `encode(_:into:)` may have any size and any
/// alignment: the output is identical to encoding everything at once. This is the RFC 2045
/// `Content-Transfer-Encoding: base64` body format with the standard RFC 4648 alphabet; a
/// full line is ended as soon as it is complete, and ``finish(into:)`` ends the last one.
/// No line can start with `.` or `-`, and the output never contains `=_`, so it can neither
/// be truncated by SMTP dot-stuffing bugs nor be mistaken for a `=_…` multipart boundary.
///
/// The encoder is written for 25 MB attachments: it sizes the output once per call and
/// writes through unsafe pointers with a table lookup per character.
public struct Base64LineEncoder: Sendable {
    /// Base64 characters per line, before the CRLF.
    static let charactersPerLine = 76
    /// Input bytes per full line (76 / 4 × 3).
    static let bytesPerLine = 57

    /// The RFC 4648 base64 alphabet, indexed by 6-bit value.
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Up to two input bytes waiting for a complete 3-byte group.
    private var pending0: UInt8 = 0
    private var pending1: UInt8 = 0
    /// How many of `pending0`, `pending1` are in use (0–2).
    private var pendingCount = 0
    /// Characters already written on the current, unfinished line (a multiple of 4, below 76).
    private var column = 0

    /// Creates an encoder with nothing pending.
    public init() {}

    /// Appends the base64 lines completed by `bytes` to `output`, keeping any remainder.
    ///
    /// Up to two trailing bytes and an unfinished line are held back until the next call or
    /// ``finish(into:)``.
    /// - Parameters:
    ///   - bytes: The next chunk of input, of any size.
    ///   - output: The buffer to append to; its capacity is grown once for the whole chunk.
    public mutating func encode(_ bytes: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        let count = bytes.count
        let groups = (pendingCount + count) / 3
        guard groups > 0 else {
            for index in 0..<count { hold(source.load(fromByteOffset: index, as: UInt8.self)) }
            return
        }
        let characters = groups * 4
        let lineBreaks = (column + characters) / Self.charactersPerLine
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: characters + 2 * lineBreaks))
        var consumed = 0
        output.withUnsafeMutableBufferPointer { buffer in
            Self.alphabet.withUnsafeBufferPointer { table in
                var out = buffer.baseAddress! + start
                if pendingCount > 0 {
                    consumed = 3 - pendingCount
                    let b1 = pendingCount == 2 ? pending1 : source.load(as: UInt8.self)
                    let b2 = source.load(fromByteOffset: consumed - 1, as: UInt8.self)
                    Self.writeGroup(pending0, b1, b2, to: out, table: table)
                    out += 4
                    pendingCount = 0
                    advanceColumn(&out)
                }
                // Finish the current line group by group.
                while column != 0 && count - consumed >= 3 {
                    Self.writeGroup(source + consumed, to: out, table: table)
                    consumed += 3
                    out += 4
                    advanceColumn(&out)
                }
                // Whole lines: 19 groups, then CRLF.
                while count - consumed >= Self.bytesPerLine {
                    var input = source + consumed
                    for _ in 0..<(Self.bytesPerLine / 3) {
                        Self.writeGroup(input, to: out, table: table)
                        input += 3
                        out += 4
                    }
                    out[0] = 13
                    out[1] = 10
                    out += 2
                    consumed += Self.bytesPerLine
                }
                // The start of the last, unfinished line.
                while count - consumed >= 3 {
                    Self.writeGroup(source + consumed, to: out, table: table)
                    consumed += 3
                    out += 4
                    advanceColumn(&out)
                }
                assert(out == buffer.baseAddress! + buffer.count, "output size miscomputed")
            }
        }
        for index in consumed..<count { hold(source.load(fromByteOffset: index, as: UInt8.self)) }
    }

    /// Appends the base64 lines completed by `bytes` to `output`, keeping any remainder.
    ///
    /// Same as the `UnsafeRawBufferPointer` variant.
    /// - Parameters:
    ///   - bytes: The next chunk of input, of any size.
    ///   - output: The buffer to append to.
    public mutating func encode(_ bytes: [UInt8], into output: inout [UInt8]) {
        bytes.withUnsafeBytes { encode($0, into: &output) }
    }

    /// Flushes the last partial group with padding and ends the last line with CRLF.
    ///
    /// Appends nothing when the input was empty or ended exactly on a full line. The encoder
    /// is then back in its initial state and can encode another stream.
    /// - Parameter output: The buffer to append to.
    public mutating func finish(into output: inout [UInt8]) {
        let table = Self.alphabet
        switch pendingCount {
        case 1:
            let value = Int(pending0) << 16
            output += [table[value >> 18], table[(value >> 12) & 63], 61, 61, 13, 10]
        case 2:
            let value = Int(pending0) << 16 | Int(pending1) << 8
            output += [table[value >> 18], table[(value >> 12) & 63], table[(value >> 6) & 63], 61, 13, 10]
        default:
            if column > 0 { output += [13, 10] }
        }
        self = Base64LineEncoder()
    }

    /// Exact number of bytes `encode(_:into:)` plus ``finish(into:)`` produce.
    ///
    /// - Parameter byteCount: The number of input bytes; zero or negative gives zero.
    /// - Returns: The number of base64 characters plus two octets of CRLF per line.
    public static func encodedLength(byteCount: Int) -> Int {
        guard byteCount > 0 else { return 0 }
        let characters = (byteCount + 2) / 3 * 4
        let lines = (characters + charactersPerLine - 1) / charactersPerLine
        return characters + 2 * lines
    }

    /// Encodes `bytes` as one unbroken, padded base64 string, as used inside encoded words.
    static func unbroken(_ bytes: some Collection<UInt8>) -> String {
        var encoder = Base64LineEncoder()
        var output: [UInt8] = []
        encoder.encode(Array(bytes), into: &output)
        encoder.finish(into: &output)
        return String(decoding: output.lazy.filter { $0 != 13 && $0 != 10 }, as: UTF8.self)
    }

    /// Keeps one byte for the next group.
    private mutating func hold(_ byte: UInt8) {
        if pendingCount == 0 { pending0 = byte } else { pending1 = byte }
        pendingCount += 1
    }

    /// Counts a written group, ending the line with CRLF when it is full.
    private mutating func advanceColumn(_ out: inout UnsafeMutablePointer<UInt8>) {
        column += 4
        if column == Self.charactersPerLine {
            out[0] = 13
            out[1] = 10
            out += 2
            column = 0
        }
    }

    /// Writes the four characters for the three bytes at `input`.
    @inline(__always)
    private static func writeGroup(
        _ input: UnsafeRawPointer, to out: UnsafeMutablePointer<UInt8>, table: UnsafeBufferPointer<UInt8>
    ) {
        writeGroup(
            input.load(as: UInt8.self), input.load(fromByteOffset: 1, as: UInt8.self),
            input.load(fromByteOffset: 2, as: UInt8.self), to: out, table: table
        )
    }

    /// Writes the four characters for the bytes `b0`, `b1`, `b2`.
    @inline(__always)
    private static func writeGroup(
        _ b0: UInt8, _ b1: UInt8, _ b2: UInt8, to out: UnsafeMutablePointer<UInt8>, table: UnsafeBufferPointer<UInt8>
    ) {
        let value = Int(b0) << 16 | Int(b1) << 8 | Int(b2)
        out[0] = table[value >> 18]
        out[1] = table[(value >> 12) & 63]
        out[2] = table[(value >> 6) & 63]
        out[3] = table[value & 63]
    }
}
