import Curl
import Delivery
import FacteurCore
import Testing

/// The classifier, row by row of smtp-delivery.md §1.3 and §2.2, on reports shaped like libcurl 7.88's.
@Suite struct ReplyClassifierTests {
    static func report(_ code: Int32, _ message: String = "", replies: [(Int, String, String)] = [],
                       incomplete: [String] = [], dataStarted: Bool = false, dataCompleted: Bool = false) -> SMTPTransferReport {
        SMTPTransferReport(curlCode: code, curlMessage: message,
                           replies: replies.map { SMTPReply(code: $0.0, lines: [$0.1], stage: $0.2) },
                           incompleteLines: incomplete, dataStarted: dataStarted, dataCompleted: dataCompleted, newConnections: 1)
    }

    static let greeting = (220, "220 relay ESMTP", "GREETING")
    static let accepted = [(250, "250 OK", "MAIL"), (250, "250 2.1.5 OK", "RCPT"), (354, "354 go ahead", "DATA")]

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var report: SMTPTransferReport
        var kind: DeliveryResult.Kind
        var replyCode: Int?
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "250 after the dot is delivered, with the queue id",
            report: report(0, replies: [greeting] + accepted + [(250, "250 2.0.0 Ok: queued as 7B63413B66", "END-OF-DATA")],
                           dataStarted: true, dataCompleted: true), kind: .delivered, replyCode: 250),
        Row(name: "535 to AUTH is an auth failure", report: report(67, "Login denied", replies: [greeting, (535, "535 5.7.8 no", "AUTH")]),
            kind: .authFailure, replyCode: 535),
        Row(name: "530 to MAIL: the relay demands an authentication we did not do (no user configured)",
            report: report(55, "MAIL failed: 530", replies: [greeting, (530, "530 5.7.0 Authentication required", "MAIL")]),
            kind: .authFailure, replyCode: 530),
        Row(name: "530 to MAIL asking for STARTTLS is a TLS stop",
            report: report(55, "MAIL failed: 530", replies: [greeting, (530, "530 Must issue a STARTTLS command first", "MAIL")]),
            kind: .securityFailure, replyCode: 530),
        Row(name: "certificate not trusted", report: report(60, "SSL certificate problem"), kind: .securityFailure),
        Row(name: "TLS protocol version refused", report: report(35, "tlsv1 alert protocol version"), kind: .securityFailure),
        Row(name: "STARTTLS not offered with TLS required", report: report(64, "STARTTLS not supported.", replies: [greeting]),
            kind: .securityFailure),
        Row(name: "421 at the greeting", report: report(8, replies: [(421, "421 4.3.2 closing", "GREETING")]), kind: .transient, replyCode: 421),
        Row(name: "554 at the greeting is about the server, not the message",
            report: report(8, replies: [(554, "554 5.7.1 go away", "GREETING")]), kind: .transient, replyCode: 554),
        Row(name: "451 to RCPT", report: report(55, "RCPT failed: 451", replies: [greeting, (250, "250 OK", "MAIL"), (451, "451 4.3.0 later", "RCPT")]),
            kind: .transient, replyCode: 451),
        Row(name: "550 to RCPT", report: report(55, "RCPT failed: 550", replies: [greeting, (250, "250 OK", "MAIL"), (550, "550 5.1.1 no such user", "RCPT")]),
            kind: .permanent, replyCode: 550),
        Row(name: "552 to MAIL (size)", report: report(55, "MAIL failed: 552", replies: [greeting, (552, "552 5.3.4 too big", "MAIL")]),
            kind: .permanent, replyCode: 552),
        Row(name: "421 to MAIL on a reused connection", report: report(55, replies: [(421, "421 4.4.2 timeout", "MAIL")]),
            kind: .transient, replyCode: 421),
        Row(name: "451 after the dot", report: report(8, replies: accepted + [(451, "451 4.3.0 try later", "END-OF-DATA")], dataStarted: true, dataCompleted: true),
            kind: .transient, replyCode: 451),
        Row(name: "554 after the dot", report: report(8, replies: accepted + [(554, "554 5.6.0 rejected", "END-OF-DATA")], dataStarted: true, dataCompleted: true),
            kind: .permanent, replyCode: 554),
        Row(name: "EOF after the dot: the server may have it (the stale 354 is not a verdict)",
            report: report(56, "response reading failed (errno: 0)", replies: accepted, dataStarted: true, dataCompleted: true), kind: .unknown),
        Row(name: "timeout after the dot", report: report(28, "Operation timed out", replies: accepted, dataStarted: true, dataCompleted: true), kind: .unknown),
        Row(name: "reset while waiting for the final reply: ambiguous, the server may have it",
            report: report(56, "Recv failure: Connection reset by peer", replies: accepted, dataStarted: true, dataCompleted: true), kind: .unknown),
        Row(name: "send failure after all bytes were handed to libcurl: the server never read the dot",
            report: report(55, "Send failure: Connection reset by peer", replies: accepted, dataStarted: true, dataCompleted: true), kind: .transient),
        Row(name: "drop during the data", report: report(55, "Send failure: Broken pipe", replies: accepted, dataStarted: true), kind: .transient),
        Row(name: "a receive error after the dot is ambiguous whatever its text says (the server stored it, then hung up)",
            report: report(56, "Send failure: Broken pipe", replies: accepted, dataStarted: true, dataCompleted: true), kind: .unknown),
        Row(name: "connection refused", report: report(7, "Failed to connect"), kind: .transient),
        Row(name: "timeout waiting for the greeting", report: report(28, "Operation timed out"), kind: .transient),
    ]

    @Test(arguments: rows)
    func classifies(row: Row) {
        let result = ReplyClassifier.classify(row.report)
        #expect(result.kind == row.kind)
        #expect(result.replyCode == row.replyCode)
    }

    @Test func keepsTheWholeMultiLineReplyAndTheCurlDetail() {
        let report = SMTPTransferReport(
            curlCode: 55, curlMessage: "RCPT failed: 550",
            replies: [SMTPReply(code: 550, lines: ["550-5.1.1 The email account does not exist.", "550 5.1.1 See https://support"], stage: "RCPT")],
            incompleteLines: [], dataStarted: false, dataCompleted: false, newConnections: 0)
        let result = ReplyClassifier.classify(report)
        #expect(result.reply == "550-5.1.1 The email account does not exist.\n550 5.1.1 See https://support")
        #expect(result.detail == "curl error 55: RCPT failed: 550 (at RCPT)")
        #expect(report.replies[0].enhancedCode == "5.1.1")
    }
}
