/// A failure as the daemon sees it, stripped to what decides the response: which side, and what
/// kind of thing went wrong. The Qonto client and the SMTP transport each describe their errors
/// this way; ``FailurePolicy`` decides what happens next.
public enum FailureSignal: Sendable, Hashable {
    /// Qonto answered 401 although the token was just refreshed, or the API key is refused.
    case qontoUnauthorized
    /// The OAuth refresh token is expired, revoked or rotated out (`invalid_grant`).
    case qontoInvalidGrant
    /// Qonto answered 403: the connection lacks a scope or the plan/role forbids it.
    case qontoForbidden
    /// Qonto answered 429 (after honouring Retry-After).
    case qontoRateLimited
    /// Qonto answered 5xx, or the connection failed or timed out.
    case qontoUnavailable
    /// Qonto's answer did not have the documented shape (not JSON, missing fields).
    case qontoUnreadable
    /// An SMTP attempt's outcome, as the transport classified it.
    case smtp(DeliveryResult.Kind)
    /// A record Facteur cannot turn into a valid message (no file, unsupported file, bad address).
    case invalidRecord(reason: String)
    /// A setting polling needs is missing or invalid (a Pennylane inbox, the sender, the Qonto
    /// login): named by its configuration key, so the remedy says what to set rather than
    /// blaming credentials that were never tried.
    case misconfigured(key: String)
}
