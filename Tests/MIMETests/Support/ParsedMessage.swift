// A small, strict reader of the messages the composer writes, and the invariants every
// composed message must satisfy. Independent of the module's code.

/// Header fields, unfolded: each value with its CRLFs removed and the leading space dropped.
struct HeaderBlock {
    /// The raw lines, without CRLF.
    var lines: [String]
    /// The fields in order, names as written.
    var fields: [(name: String, value: String)]

    /// The unfolded value of the only field named `name` (case-insensitive), if present once.
    func value(_ name: String) -> String? {
        let matches = fields.filter { $0.name.lowercased() == name.lowercased() }
        return matches.count == 1 ? matches[0].value : nil
    }

    /// Parses header lines (without CRLF) into fields; `nil` for a malformed line.
    init?(lines: [String]) {
        self.lines = lines
        self.fields = []
        for line in lines {
            if line.hasPrefix(" ") || line.hasPrefix("\t") {
                guard !fields.isEmpty else { return nil }
                fields[fields.count - 1].value += line
            } else {
                guard let colon = line.firstIndex(of: ":") else { return nil }
                var value = line[line.index(after: colon)...]
                if value.first == " " { value = value.dropFirst() }
                fields.append((String(line[..<colon]), String(value)))
            }
        }
    }
}

/// One body part: its header and its raw (still transfer-encoded) body.
struct ParsedPart {
    var header: HeaderBlock
    /// The body lines joined by CRLF, without the CRLF that belongs to the next delimiter.
    var body: String
}

/// A composed `multipart/mixed` message, split along the given boundary.
struct ParsedMessage {
    var lines: [String]
    var header: HeaderBlock
    var preamble: [String]
    var parts: [ParsedPart]

    /// Splits `bytes` (which must be ASCII with CRLF line endings) into header and parts.
    init?(_ bytes: [UInt8], boundary: String) {
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.splitAtCRLF()
        guard lines.last == "" else { return nil }
        lines.removeLast()
        self.lines = lines
        guard let blank = lines.firstIndex(of: ""), let header = HeaderBlock(lines: Array(lines[..<blank])) else {
            return nil
        }
        self.header = header
        let delimiter = "--" + boundary
        let rest = Array(lines[(blank + 1)...])
        guard let closing = rest.firstIndex(of: delimiter + "--"), closing == rest.count - 1 else { return nil }
        let starts = rest.indices.filter { rest[$0] == delimiter }
        guard let first = starts.first else { return nil }
        preamble = Array(rest[..<first])
        parts = []
        for (number, start) in starts.enumerated() {
            let end = number + 1 < starts.count ? starts[number + 1] : closing
            let partLines = Array(rest[(start + 1)..<end])
            guard let partBlank = partLines.firstIndex(of: ""),
                  let partHeader = HeaderBlock(lines: Array(partLines[..<partBlank]))
            else { return nil }
            let body = partLines[(partBlank + 1)...].joined(separator: "\r\n")
            parts.append(ParsedPart(header: partHeader, body: body))
        }
    }
}

extension String {
    /// Splits at every CRLF; a final CRLF gives a final empty string.
    func splitAtCRLF() -> [String] {
        var result: [String] = []
        var current: [UInt8] = []
        var bytes = Array(utf8)[...]
        while let byte = bytes.first {
            if byte == 13, bytes.dropFirst().first == 10 {
                result.append(String(decoding: current, as: UTF8.self))
                current = []
                bytes = bytes.dropFirst(2)
            } else {
                current.append(byte)
                bytes = bytes.dropFirst()
            }
        }
        result.append(String(decoding: current, as: UTF8.self))
        return result
    }
}

/// The rules every composed message must follow, as human-readable violations (empty when fine).
///
/// - Parameters:
///   - bytes: The complete message.
///   - boundary: Its multipart boundary.
///   - extraHeaderNames: The extra header names the message was given.
///   - strictHeaderLines: Whether every header line must be at most 78 octets.
func messageViolations(
    _ bytes: [UInt8], boundary: String, extraHeaderNames: [String] = [], strictHeaderLines: Bool = true,
    replaces: Bool = false
) -> [String] {
    var problems: [String] = []
    if let index = bytes.firstIndex(where: { $0 >= 0x80 }) { problems.append("non-ASCII byte at \(index)") }
    for index in bytes.indices {
        if bytes[index] == 13 && (index + 1 == bytes.count || bytes[index + 1] != 10) {
            problems.append("bare CR at \(index)")
        }
        if bytes[index] == 10 && (index == 0 || bytes[index - 1] != 13) { problems.append("bare LF at \(index)") }
    }
    guard problems.isEmpty else { return problems }
    guard let message = ParsedMessage(bytes, boundary: boundary) else { return ["message does not parse"] }
    for (number, line) in message.lines.enumerated() {
        if line.utf8.count > 998 { problems.append("line \(number + 1) is \(line.utf8.count) octets") }
        if line.hasPrefix(".") { problems.append("line \(number + 1) starts with '.': \(line)") }
    }
    let expected = ["Date", "From", "To", "Subject", "Message-ID"] + (replaces ? ["In-Reply-To", "References"] : [])
        + ["MIME-Version"] + extraHeaderNames + ["Content-Type"]
    let names = message.header.fields.map(\.name)
    if names != expected { problems.append("header fields are \(names), expected \(expected)") }
    if message.parts.count != 2 { problems.append("\(message.parts.count) parts instead of 2") }
    let partNames = message.parts.map { $0.header.fields.map(\.name) }
    let expectedPartNames = [
        ["Content-Type", "Content-Transfer-Encoding"],
        ["Content-Type", "Content-Disposition", "Content-Transfer-Encoding"],
    ]
    if partNames != expectedPartNames { problems.append("part header fields are \(partNames)") }
    for part in message.parts where part.body.contains(boundary) || part.header.lines.contains(where: { $0.contains(boundary) }) {
        problems.append("boundary occurs in a part")
    }
    let delimiterLines = message.lines.filter { $0.hasPrefix("--" + boundary) }
    if delimiterLines.count != 3 { problems.append("\(delimiterLines.count) delimiter lines instead of 3") }
    if strictHeaderLines {
        let headerLines = message.header.lines + message.parts.flatMap(\.header.lines)
        for line in headerLines where line.utf8.count > 78 && !isSingleToken(line) {
            problems.append("header line of \(line.utf8.count) octets: \(line)")
        }
    }
    return problems
}

/// Whether a header line holds one unbreakable item (such as a long Message-ID), which may
/// exceed 78 octets because no folding could shorten it.
func isSingleToken(_ line: String) -> Bool {
    var rest = Substring(line)
    if rest.hasPrefix(" ") {
        rest = rest.dropFirst()
    } else if let colon = rest.firstIndex(of: ":") {
        rest = rest[rest.index(after: colon)...].drop { $0 == " " }
    }
    return !rest.contains(" ")
}
