/// The one place that decides what a failure leads to. Pure: the daemon's loops, the CLI and the
/// tests all ask it, so a 401 can never be retried in one place and stop the loop in another.
///
/// - Transient (network, 5xx, 429, SMTP 4xx, timeouts) → retry with backoff.
/// - Authentication (Qonto 401 after a refresh, `invalid_grant`, a missing scope, SMTP 535, TLS that
///   cannot be set up as configured) → stop that side's loop at once and open an incident; the
///   owner is mailed once per incident.
/// - The record or the message is refused (SMTP 5xx, a record that cannot become a valid mail) →
///   the item fails with its reason and waits on the status page; the loop goes on.
public enum FailurePolicy {
    /// What to do about a failure.
    public enum Response: Sendable, Hashable {
        /// Try again later; nothing for a person to do yet.
        case retry
        /// Stop the side's loop and open an incident (a person must fix credentials or configuration).
        case stop(Side, remedy: String)
        /// Give up on this one item, keep its reason, go on with the others.
        case reject(reason: String)
        /// Nothing failed.
        case none
    }

    /// The response to a failure.
    public static func response(to signal: FailureSignal) -> Response {
        switch signal {
        case .qontoUnauthorized:
            return .stop(.qonto, remedy: "check the Qonto credentials: `facteur secret set qonto_secret_key` for an API key, or `facteur connect` for OAuth")
        case .qontoInvalidGrant:
            return .stop(.qonto, remedy: "reconnect Qonto with `facteur connect` (the authorisation expired or was revoked)")
        case .qontoForbidden:
            return .stop(.qonto, remedy: "reconnect Qonto with `facteur connect` granting the invoice and attachment scopes, or check the member's role")
        case .qontoRateLimited, .qontoUnavailable, .qontoUnreadable:
            return .retry
        case .smtp(let kind):
            switch kind {
            case .delivered: return .none
            case .transient, .unknown: return .retry
            case .permanent: return .reject(reason: "the mail server refused the message")
            case .authFailure:
                // A 535 (wrong password) or a 530 (the relay demands AUTH and no smtp_username is set).
                return .stop(.smtp, remedy: "check the SMTP password (`facteur secret set smtp_password`) and user; a relay answering 530 needs smtp_username in the configuration file, then a restart of facteur run")
            case .securityFailure:
                return .stop(.smtp, remedy: "check the SMTP TLS settings (smtp_url, smtp_tls_min, smtp_ca_file) and the server's certificate, then restart facteur run")
            }
        case .invalidRecord(let reason):
            return .reject(reason: reason)
        case .misconfigured(let key) where ["qonto_login", "qonto_secret_key", "qonto_client_id", "qonto_client_secret"].contains(key):
            return .stop(.qonto, remedy: "set the Qonto credentials (`\(key)`): `facteur secret set qonto_secret_key` for an API key, or `facteur connect` for OAuth")
        case .misconfigured(let key):
            return .stop(.qonto, remedy: "set `\(key)` in the configuration file (the Pennylane inboxes and the owner address can also be set on the settings page); polling resumes at the next window")
        }
    }
}
