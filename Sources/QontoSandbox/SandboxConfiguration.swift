public import Foundation

/// How a ``QontoSandbox`` listens, what it serves and which credentials it accepts.
///
/// Every property has a default, so `SandboxConfiguration()` is a complete, working sandbox.
///
/// | Property | Default | Meaning |
/// |---|---|---|
/// | `host` | `127.0.0.1` | address to bind; keep it on loopback |
/// | `port` | `0` | `0` picks a free port (read it back from ``QontoSandbox/port``) |
/// | `dataset` | `.generated(seed: 42, invoicesPerYear: 100, years: 3)` | what to serve |
/// | `apiKeys` | `facteur-demo` → `sandbox-secret-key` | `Authorization: <login>:<secret>` pairs; the first login (sorted) is the organisation slug |
/// | `oauthClients` | `facteur-sandbox` → `sandbox-client-secret` | OAuth `client_id` → `client_secret` |
/// | `accessTokenTTL` | `3600` | access-token lifetime, seconds |
/// | `refreshTokenTTL` | `7_776_000` | refresh-token lifetime (90 days), seconds |
/// | `refreshGraceSeconds` | `60` | how long a rotated-out refresh token keeps working after its first use |
/// | `authorizationCodeTTL` | `600` | authorization-code lifetime (10 minutes), seconds |
/// | `attachmentURLTTL` | `1800` | presigned attachment URL lifetime (`X-Amz-Expires`), seconds |
/// | `maxPerPage` | `100` | largest accepted `per_page`; above it → 422 |
/// | `maxClientInvoicesPerPage` | `500` | the invoicing API's larger limit for `/v2/client_invoices` |
/// | `enforceScopes` | `true` | OAuth tokens without the endpoint's scope get 403 "missing required OAuth scope" |
/// | `stagingToken` | `nil` | when set, requests without a matching `X-Qonto-Staging-Token` get the OneLogin page |
/// | `rateLimits` | `[]` | per-address limits on `/v2` and `/oauth2` (``SandboxRateLimit/qonto`` = Qonto's); over one → 429 with `Retry-After` |
/// | `now` | `Date()` | the clock; tests inject one to expire tokens and URLs without waiting |
///
/// - Important: The default credentials are public test values. The sandbox serves invented data
///   only and must never be exposed beyond loopback.
public struct SandboxConfiguration: Sendable {
    /// The address to bind.
    public var host: String = "127.0.0.1"
    /// The TCP port; `0` picks a free one.
    public var port: Int = 0
    /// What the sandbox serves.
    public var dataset: SandboxDataset = .generated(seed: 42, invoicesPerYear: 100, years: 3)
    /// Accepted API keys: organisation login → secret key.
    public var apiKeys: [String: String] = ["facteur-demo": "sandbox-secret-key"]
    /// Registered OAuth clients: `client_id` → `client_secret`.
    public var oauthClients: [String: String] = ["facteur-sandbox": "sandbox-client-secret"]
    /// Access-token lifetime in seconds (`expires_in`).
    public var accessTokenTTL: Int = 3600
    /// Refresh-token lifetime in seconds (90 days, as Qonto documents).
    public var refreshTokenTTL: Int = 90 * 86_400
    /// Seconds a rotated refresh token still works after its first use.
    public var refreshGraceSeconds: Int = 60
    /// Authorization-code lifetime in seconds.
    public var authorizationCodeTTL: Int = 600
    /// Lifetime of minted attachment URLs in seconds.
    public var attachmentURLTTL: Int = 1800
    /// The largest accepted `per_page` (supplier invoices, transactions); larger values get a 422.
    public var maxPerPage: Int = 100
    /// The largest accepted `per_page` for client invoices (Qonto's invoicing lists go to 500).
    public var maxClientInvoicesPerPage: Int = 500
    /// Whether OAuth access tokens must carry the endpoint's scope (API keys always pass).
    public var enforceScopes: Bool = true
    /// When set, every request except `/_sandbox/*` must carry `X-Qonto-Staging-Token: <it>`,
    /// otherwise it gets the `200 text/html` OneLogin page, as Qonto's staging gate does.
    public var stagingToken: String? = nil
    /// Rolling-window limits over every `/v2` and `/oauth2` request (all clients together, as
    /// Qonto counts per IP address); none by default. Faults armed in ``SandboxFaults`` come on top.
    public var rateLimits: [SandboxRateLimit] = []
    /// The clock.
    public var now: @Sendable () -> Date = { Date() }

    /// A configuration with every default listed above.
    public init() {}
}

/// The data a sandbox serves.
public enum SandboxDataset: Sendable {
    /// Invented data made from `seed`: `invoicesPerYear × years` supplier invoices over the last
    /// `years` years, a quarter as many client invoices, and matching transactions.
    ///
    /// The same seed and the same clock give the same JSON; ids, names, amounts and file bytes
    /// depend on the seed alone.
    case generated(seed: UInt64, invoicesPerYear: Int, years: Int)
    /// A dataset directory, as written by ``QontoSandbox/exportDataset(_:to:)``: `organization.json`,
    /// `supplier_invoices.json`, `client_invoices.json`, `transactions.json` and
    /// `attachments.json` (each either the API envelope or a bare array/object; all optional) and
    /// the files under `files/<attachment id>`.
    case directory(String)
}
