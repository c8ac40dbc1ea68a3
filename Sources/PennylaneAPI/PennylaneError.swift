/// The one error type of PennylaneAPI: what went wrong reading Pennylane, classified for callers.
///
/// Messages name the endpoint path (never the query string) and never include the token or a
/// response body that could echo it.
public struct PennylaneError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let value: String
        /// 401: the token is missing, wrong, expired or revoked.
        public static let authentication = Code(value: "authentication")
        /// 403: the token lacks a scope (named in the message when Pennylane says which) or the plan forbids it.
        public static let forbidden = Code(value: "forbidden")
        /// 429 after the retries.
        public static let rateLimited = Code(value: "rate_limited")
        /// 5xx after the retries.
        public static let server = Code(value: "server")
        /// Connection, TLS or timeout failure after the retries.
        public static let transport = Code(value: "transport")
        /// An answer that is not JSON of the documented shape.
        public static let decoding = Code(value: "decoding")
        /// 404.
        public static let notFound = Code(value: "not_found")
        /// Another 4xx (a bad filter, an expired `start_date`).
        public static let rejected = Code(value: "rejected")
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

    /// Whether a person must act (new token, new scope) rather than retry later.
    public var isAuthFailure: Bool { code == .authentication || code == .forbidden }

    /// Whether a later attempt may succeed without anyone doing anything.
    public var isTransient: Bool { [.rateLimited, .server, .transport].contains(code) }

    /// The message.
    public var description: String { message }
}
