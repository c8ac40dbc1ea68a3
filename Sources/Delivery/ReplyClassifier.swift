public import Curl
public import FacteurCore

/// Turns a raw libcurl SMTP report into a ``DeliveryResult``.
///
/// Order of evidence (libcurl 7.88's `CURLINFO_RESPONSE_CODE` is the *last* code received and is
/// stale after a drop, so it is never used):
/// 1. success: `CURLE_OK` → delivered, with the final reply ("250 2.0.0 Ok: queued as …") as proof;
/// 2. the credentials: `CURLE_LOGIN_DENIED` or a 5xx to AUTH → auth failure; so is a 530 to MAIL
///    or RCPT (RFC 4954 §6 "530 5.7.0 Authentication required": the relay demands an AUTH we did
///    not do, i.e. no `smtp_username` is configured), unless it asks for STARTTLS first (Postfix's
///    "530 5.7.0 Must issue a STARTTLS command first"), which is a TLS stop. Either way it is the
///    configuration's fault, not the message's: it never fails the message;
/// 3. TLS: handshake, certificate, or STARTTLS missing → security failure;
/// 4. the last complete reply with a 4xx/5xx code: 4xx (and any 421, and 5xx before MAIL, which is
///    about the server, not the message) → transient; 5xx to MAIL, RCPT, DATA or the final dot →
///    permanent;
/// 5. no failing reply: if the whole message had been handed over and the connection ended without
///    a reply (EOF, reset or timeout while waiting), the final reply was lost → unknown (the server
///    may have it); if sending itself failed (the server stopped reading before the final dot), or
///    the failure came earlier (connect, timeout, drop during the data) → transient.
public enum ReplyClassifier {
    /// CURLcodes that mean TLS could not be set up as required.
    static let securityCodes: Set<Int32> = [
        CurlCode.sslConnectError, CurlCode.peerFailedVerification, CurlCode.useSSLFailed, CurlCode.caCertBadFile,
        53, 54, 58, 59, 66, 80, 83, 90, 91,
    ]

    /// Stages before the message transaction: failures there are about the server or the session.
    static let sessionStages: Set<String> = ["GREETING", "EHLO", "HELO", "STARTTLS", "UNKNOWN"]

    /// Stages of the mail transaction where a 530 means the session lacks an authentication.
    static let transactionStages: Set<String> = ["MAIL", "RCPT"]

    /// Classifies one transfer.
    /// - Parameter report: What libcurl and the server said.
    /// - Returns: The classified result with the decisive reply and a secret-free detail.
    public static func classify(_ report: SMTPTransferReport) -> DeliveryResult {
        let failing = report.replies.last(where: { $0.code >= 400 })
        let detail = report.curlCode == 0 ? "" : "curl error \(report.curlCode): \(report.curlMessage)"
        if report.curlCode == CurlCode.ok {
            let final = report.replies.last(where: { $0.stage == "END-OF-DATA" }) ?? report.replies.last
            return DeliveryResult(kind: .delivered, reply: final?.description ?? "", replyCode: final?.code)
        }
        if report.curlCode == CurlCode.loginDenied || (failing?.stage == "AUTH" && (failing?.code ?? 0) >= 500) {
            return DeliveryResult(kind: .authFailure, reply: failing?.description ?? "", detail: detail,
                                  replyCode: failing?.code)
        }
        if let failing, failing.code == 530, Self.transactionStages.contains(failing.stage) {
            let wantsTLS = failing.description.uppercased().contains("STARTTLS")
            return DeliveryResult(kind: wantsTLS ? .securityFailure : .authFailure, reply: failing.description,
                                  detail: detail + " (at \(failing.stage))", replyCode: failing.code)
        }
        if securityCodes.contains(report.curlCode) {
            return DeliveryResult(kind: .securityFailure, reply: failing?.description ?? "", detail: detail,
                                  replyCode: failing?.code)
        }
        if let failing {
            let transient = failing.code < 500 || failing.code == 421 || sessionStages.contains(failing.stage)
            return DeliveryResult(kind: transient ? .transient : .permanent, reply: failing.description,
                                  detail: detail + " (at \(failing.stage))", replyCode: failing.code)
        }
        let partial = report.incompleteLines.joined(separator: "\n")
        // A failure while *sending* (CURLE_SEND_ERROR) means the server stopped reading before our
        // last bytes, so it never read the final dot: not delivered. A failure while waiting for the
        // reply (a reset, EOF, timeout) is ambiguous: the server may have the message. Only the code
        // decides, never the text: libcurl reports a receive error after the dot with the text
        // "Send failure: Broken pipe" when the server stored the message and hung up (seen in
        // `make soak`), and treating that as "not delivered" re-sent it without the duplicate flag.
        let failedWhileSending = report.curlCode == CurlCode.sendError
        if report.dataCompleted, failedWhileSending {
            return DeliveryResult(kind: .transient, reply: partial,
                                  detail: detail + " (the server reset the connection before reading the whole message)")
        }
        if report.dataCompleted {
            return DeliveryResult(kind: .unknown, reply: partial,
                                  detail: detail + " (after the end of the data: no final reply)")
        }
        let when = report.dataStarted ? " (during the data)" : ""
        return DeliveryResult(kind: .transient, reply: partial, detail: detail + when)
    }
}
