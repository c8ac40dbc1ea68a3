import HTTPTypes

/// The one error type of Web: why the pages cannot start, or why a request was refused.
///
/// Request errors become a one-line page with their HTTP status (through `HTTPResponseError`,
/// rendered by ``PageMiddleware``); no stack trace and no secret ever reaches the page.
public struct WebError: Error, Sendable, CustomStringConvertible {
    /// A stable error code.
    public struct Code: Hashable, Sendable {
        private enum Value: Hashable, Sendable { case configuration, templates, forbidden, badRequest, notFound, unauthorized, misdirected, tooManyRequests, unavailable }
        private let value: Value
        /// The configuration cannot be served (a non-loopback bind without a password…).
        public static let configuration = Code(value: .configuration)
        /// A template or the stylesheet is missing or does not parse.
        public static let templates = Code(value: .templates)
        /// The CSRF check failed, or a POST came without a session.
        public static let forbidden = Code(value: .forbidden)
        /// The request's input is invalid (a filter, an unknown retry target…).
        public static let badRequest = Code(value: .badRequest)
        /// The thing asked for does not exist.
        public static let notFound = Code(value: .notFound)
        /// The login failed.
        public static let unauthorized = Code(value: .unauthorized)
        /// The request named a host that is not Facteur's (`Host` header; DNS rebinding).
        public static let misdirected = Code(value: .misdirected)
        /// Too many failed logins: wait before trying again.
        public static let tooManyRequests = Code(value: .tooManyRequests)
        /// The pages cannot be used as configured now (a password cleared while bound off loopback).
        public static let unavailable = Code(value: .unavailable)
    }

    /// What went wrong.
    public var code: Code
    /// One line for the operator or the page.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }

    /// The HTTP status a request error answers with.
    var status: HTTPResponse.Status {
        switch code {
        case .forbidden: return .forbidden
        case .notFound: return .notFound
        case .unauthorized: return .unauthorized
        case .badRequest: return .badRequest
        case .misdirected: return .misdirectedRequest
        case .tooManyRequests: return .tooManyRequests
        case .unavailable: return .serviceUnavailable
        default: return .internalServerError
        }
    }

    /// The page shown when the CSRF check fails.
    static let expiredForm = WebError(.forbidden,
        "This form has expired or did not come from Facteur's own page; reload the page and try again.")
}
