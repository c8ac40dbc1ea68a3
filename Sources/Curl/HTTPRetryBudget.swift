import Foundation

/// How often an API client tries again, and how long it waits: the same policy for Qonto and
/// Pennylane. 429 honours `Retry-After` (else 1, 2, 4… s) for up to 5 answers; 5xx and transport
/// failures wait 1, 2… s for up to 3. `nil` means give up.
public struct HTTPRetryBudget: Sendable {
    /// 429 answers accepted before giving up.
    public var rateLimitAnswers = 5
    /// 5xx answers (or transport failures, counted apart) accepted before giving up.
    public var failureAnswers = 3
    /// 429 answers so far.
    public private(set) var rateLimited = 0
    /// 5xx answers so far.
    public private(set) var serverErrors = 0
    /// Transport failures so far.
    public private(set) var transportFailures = 0

    /// Creates a fresh budget (one per request).
    public init() {}

    /// After a 429: seconds to wait, or nil to give up.
    /// - Parameter retryAfter: The server's `Retry-After`, already capped, if it sent one.
    public mutating func afterRateLimit(retryAfter: Double?) -> Double? {
        rateLimited += 1
        guard rateLimited < rateLimitAnswers else { return nil }
        return retryAfter ?? Double(1 << (rateLimited - 1))
    }

    /// After a 5xx: seconds to wait, or nil to give up.
    public mutating func afterServerError() -> Double? {
        serverErrors += 1
        return serverErrors < failureAnswers ? Double(1 << (serverErrors - 1)) : nil
    }

    /// After a success answer whose body cannot be read (JSON cut short or garbled): a failure of
    /// the server like a 5xx, on the same count, so it is retried in seconds rather than at the
    /// next poll. - Returns: Seconds to wait, or nil to give up.
    public mutating func afterUnreadableBody() -> Double? {
        afterServerError()
    }

    /// After a connection, TLS or timeout failure: seconds to wait, or nil to give up.
    public mutating func afterTransportFailure() -> Double? {
        transportFailures += 1
        return transportFailures < failureAnswers ? Double(1 << (transportFailures - 1)) : nil
    }
}

extension HTTPResponse {
    /// `Retry-After` in seconds (the delta form), within `0...cap`; nil when absent or not a number.
    public func retryAfter(cappedAt cap: Double) -> Double? {
        guard let value = headers["retry-after"], let seconds = Double(value.trimmingCharacters(in: .whitespaces)),
              seconds.isFinite else { return nil }
        return min(max(seconds, 0), cap)
    }
}
