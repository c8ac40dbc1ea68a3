import FacteurCore
import QontoAPI

extension QontoError {
    /// How the failure policy sees this error.
    var failureSignal: FailureSignal {
        switch code {
        // The budget's per-workspace 401 cap: the same refused credentials, not an outage.
        case .authentication, .credentialsBreaker: return .qontoUnauthorized
        case .invalidGrant: return .qontoInvalidGrant
        case .forbidden: return .qontoForbidden
        case .rateLimited: return .qontoRateLimited
        case .notJSON, .decoding: return .qontoUnreadable
        default: return .qontoUnavailable
        }
    }
}
