/// One SMTP reply, possibly multi-line (`250-…` continued until `250 …`), as the server sent it.
public struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    /// The three-digit code of the reply (0 when the line did not start with one).
    public var code: Int
    /// The reply lines without their CRLF.
    public var lines: [String]
    /// The SMTP command this reply answered ("GREETING" for the banner, else the command verb:
    /// EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA, END-OF-DATA, QUIT).
    public var stage: String

    /// Creates a reply.
    public init(code: Int, lines: [String], stage: String) {
        self.code = code
        self.lines = lines
        self.stage = stage
    }

    /// The lines joined with newlines.
    public var description: String { lines.joined(separator: "\n") }

    /// The RFC 3463 enhanced status code of the first line (e.g. "5.1.1"), if present.
    public var enhancedCode: String? {
        guard let first = lines.first else { return nil }
        let words = first.dropFirst(4).split(separator: " ", maxSplits: 1)
        guard let candidate = words.first else { return nil }
        let parts = candidate.split(separator: ".")
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }),
              let cls = parts.first, ["2", "4", "5"].contains(String(cls)) else { return nil }
        return String(candidate)
    }
}

/// Assembles reply lines delivered by libcurl's header callback into ``SMTPReply`` values, and labels
/// each with the command it answers, from the commands seen by the debug callback.
struct ReplyAssembler {
    private(set) var replies: [SMTPReply] = []
    private var pending: [String] = []
    private var pendingStages: [String] = []

    /// Called with each outgoing command verb, in order (from CURLINFO_HEADER_OUT).
    mutating func commandSent(_ verb: String) {
        pendingStages.append(verb)
    }

    /// Called with the server's raw lines (one header callback may carry one line).
    mutating func received(_ raw: String) {
        for piece in raw.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            let line = String(piece)
            pending.append(line)
            // The last line of a reply has a space (or nothing) after the code.
            let bytes = Array(line.utf8)
            if bytes.count < 4 || bytes[3] != UInt8(ascii: "-") {
                let code = Int(String(line.prefix(3))) ?? 0
                replies.append(SMTPReply(code: code, lines: pending, stage: nextStage()))
                pending = []
            }
        }
    }

    /// Forgets the previous transfer's replies (the handle is reused for the next message).
    mutating func reset() {
        replies = []
        pending = []
        pendingStages = []
    }

    /// Lines received after the last complete reply (a reply cut off by a dropped connection).
    var incompleteLines: [String] { pending }

    private mutating func nextStage() -> String {
        if pendingStages.isEmpty {
            // Nothing sent yet on a new connection: the greeting. After DATA's 354 the only thing
            // the client "sends" is the message, whose end-of-data reply arrives with no command.
            if replies.last?.code == 354 { return "END-OF-DATA" }
            return replies.isEmpty ? "GREETING" : "UNKNOWN"
        }
        return pendingStages.removeFirst()
    }
}
