/// The one error type of QontoAPI: what went wrong talking to Qonto, classified for the poller.
///
/// Messages name the endpoint (without query strings, which may hold pre-signed credentials) and
/// never include a token, a secret key or a response body that could echo one.
public struct QontoError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let value: String
        /// Credentials refused (401 after a refresh, or an API key that does not work).
        public static let authentication = Code(value: "authentication")
        /// The refresh token is expired, revoked or rotated out (`invalid_grant`): a person must reconnect.
        public static let invalidGrant = Code(value: "invalid_grant")
        /// 403: a missing OAuth scope or a plan/role restriction (not an auth failure).
        public static let forbidden = Code(value: "forbidden")
        /// 429 after the retries.
        public static let rateLimited = Code(value: "rate_limited")
        /// 5xx after the retries.
        public static let server = Code(value: "server")
        /// Connection, TLS or timeout failure after the retries.
        public static let transport = Code(value: "transport")
        /// The answer was not JSON (e.g. the sandbox's login page, a gateway error page).
        public static let notJSON = Code(value: "not_json")
        /// JSON that does not have the documented shape.
        public static let decoding = Code(value: "decoding")
        /// 404.
        public static let notFound = Code(value: "not_found")
        /// Another 4xx (bad parameter).
        public static let rejected = Code(value: "rejected")
        /// A download that stayed incomplete or invalid after retries.
        public static let download = Code(value: "download")
        /// An ID in Qonto's answer that is not of a documented shape (see ``QontoID``): refused
        /// before it reaches a URL or a file name.
        public static let invalidID = Code(value: "invalid_id")
        /// An attachment larger than the configured limit (`max_attachment_size`): not downloaded.
        public static let tooLarge = Code(value: "too_large")
        /// The process got so many 401 answers in the last hour that it stopped calling Qonto for
        /// a while (``QontoRequestBudget``), before Qonto throttles the address for every workspace.
        public static let authFailureBreaker = Code(value: "auth_failure_breaker")
        /// One workspace's credentials got so many 401 answers in the last hour that its requests
        /// are refused without calling Qonto (``QontoRequestBudget``) until the hour rolls or its
        /// credentials change: a person must fix them.
        public static let credentialsBreaker = Code(value: "credentials_breaker")
        /// The caller asked to stop (a shutdown) while the request waited for its turn in the
        /// ``QontoRequestBudget``: nothing was sent.
        public static let stopped = Code(value: "stopped")
        /// The code's name.
        public var description: String { value }
    }

    /// What went wrong.
    public var code: Code
    /// One line for the operator.
    public var message: String
    /// The HTTP status, when there was one.
    public var status: Int?

    /// Creates an error.
    public init(_ code: Code, _ message: String, status: Int? = nil) {
        self.code = code
        self.message = message
        self.status = status
    }

    /// Whether polling should stop and a person be told (credentials), rather than retry later.
    public var isAuthFailure: Bool { [.authentication, .invalidGrant, .credentialsBreaker].contains(code) }

    /// Whether a later window may succeed without anyone doing anything.
    public var isTransient: Bool { [.rateLimited, .server, .transport, .authFailureBreaker].contains(code) }

    /// The message.
    public var description: String { message }
}
