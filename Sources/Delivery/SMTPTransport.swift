public import Curl
public import FacteurCore
import MIME

/// Delivers over SMTP with libcurl: STARTTLS required or implicit TLS, a TLS floor, certificate
/// verification always on, AUTH when credentials are set, one connection per session.
public struct SMTPTransport: MailTransport {
    /// The relay settings.
    public let settings: SMTPSettings

    /// Creates a transport; nothing connects until a session sends.
    public init(settings: SMTPSettings) {
        self.settings = settings
    }

    /// See ``MailTransport/displayName``.
    public var displayName: String { settings.displayName }

    /// See ``MailTransport/openSession()``.
    public func openSession() -> any MailTransportSession {
        SMTPSession(settings: settings)
    }
}

/// A batch over one libcurl handle, so consecutive messages reuse one connection.
final class SMTPSession: MailTransportSession {
    private let settings: SMTPSettings
    private var client: CurlSMTPClient?
    /// Whether libcurl holds a connection from an earlier message of this session.
    private var connectionCached = false

    init(settings: SMTPSettings) {
        self.settings = settings
    }

    func send(_ envelope: OutgoingEnvelope, onDataStart: () -> Bool) -> DeliveryResult {
        let client: CurlSMTPClient
        do {
            client = try self.client ?? CurlSMTPClient(settings: settings)
            self.client = client
        } catch {
            return DeliveryResult(kind: .transient, detail: "cannot prepare libcurl: \(error)")
        }
        func attempt(fresh: Bool) -> SMTPTransferReport {
            client.send(from: envelope.sender.description, to: envelope.recipient.description,
                        messagePath: envelope.messagePath, byteCount: envelope.byteCount,
                        freshConnection: fresh, onDataStart: onDataStart)
        }
        var report = attempt(fresh: false)
        var result = ReplyClassifier.classify(report)
        // A cached connection the server has meanwhile closed fails before DATA; libcurl does not
        // retry uploads itself. Nothing was sent, so one immediate retry on a new connection is safe.
        if result.kind == .transient, connectionCached, report.newConnections == 0, !report.dataStarted {
            report = attempt(fresh: true)
            result = ReplyClassifier.classify(report)
        }
        // libcurl closes the connection after any failed transaction.
        connectionCached = result.kind == .delivered
        return result
    }

    func close() {
        client = nil  // curl_easy_cleanup sends QUIT on the cached connection.
    }
}
