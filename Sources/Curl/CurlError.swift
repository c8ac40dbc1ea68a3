internal import CCurl

/// A libcurl failure: the `CURLcode` and libcurl's own explanation, never a URL with credentials.
public struct CurlError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The raw `CURLcode` (e.g. 28 timeout, 35 TLS handshake, 60 certificate, 64 STARTTLS required, 67 login denied).
    public var code: Int32
    /// libcurl's error buffer text, or `curl_easy_strerror` when the buffer was empty.
    public var message: String

    /// Creates an error.
    public init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    /// `curl error 28: Operation timed out …`.
    public var description: String { "curl error \(code): \(message)" }

    /// libcurl's generic text for a code.
    static func text(for code: CURLcode) -> String {
        guard let cString = curl_easy_strerror(code) else { return "unknown error" }
        return String(cString: cString)
    }
}

/// Well-known `CURLcode` values, named for readability in classifiers.
public enum CurlCode {
    /// CURLE_OK.
    public static let ok: Int32 = 0
    /// CURLE_UNSUPPORTED_PROTOCOL.
    public static let unsupportedProtocol: Int32 = 1
    /// CURLE_COULDNT_RESOLVE_HOST.
    public static let couldNotResolveHost: Int32 = 6
    /// CURLE_COULDNT_CONNECT.
    public static let couldNotConnect: Int32 = 7
    /// CURLE_WEIRD_SERVER_REPLY (e.g. a non-250 reply to the final dot).
    public static let weirdServerReply: Int32 = 8
    /// CURLE_REMOTE_ACCESS_DENIED (EHLO refused).
    public static let remoteAccessDenied: Int32 = 9
    /// CURLE_OPERATION_TIMEDOUT.
    public static let timedOut: Int32 = 28
    /// CURLE_SSL_CONNECT_ERROR (handshake, protocol version).
    public static let sslConnectError: Int32 = 35
    /// CURLE_ABORTED_BY_CALLBACK.
    public static let abortedByCallback: Int32 = 42
    /// CURLE_GOT_NOTHING.
    public static let gotNothing: Int32 = 52
    /// CURLE_SEND_ERROR (also MAIL/RCPT/DATA refused).
    public static let sendError: Int32 = 55
    /// CURLE_RECV_ERROR (connection lost while waiting).
    public static let recvError: Int32 = 56
    /// CURLE_PEER_FAILED_VERIFICATION (certificate).
    public static let peerFailedVerification: Int32 = 60
    /// CURLE_USE_SSL_FAILED (STARTTLS not offered or refused, with TLS required).
    public static let useSSLFailed: Int32 = 64
    /// CURLE_LOGIN_DENIED (535).
    public static let loginDenied: Int32 = 67
    /// CURLE_SSL_CACERT_BADFILE.
    public static let caCertBadFile: Int32 = 77
    /// CURLE_FILESIZE_EXCEEDED (a download's byte limit reached).
    public static let fileSizeExceeded: Int32 = 63
    /// CURLE_WRITE_ERROR.
    public static let writeError: Int32 = 23
    /// CURLE_BAD_FUNCTION_ARGUMENT.
    public static let badFunctionArgument: Int32 = 43
    /// CURLE_PARTIAL_FILE (the server closed before sending the announced length).
    public static let partialFile: Int32 = 18
}
