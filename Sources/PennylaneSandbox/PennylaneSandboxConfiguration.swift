public import Foundation

/// How a ``PennylaneSandbox`` listens, what it serves and which tokens it accepts.
///
/// Every property has a default, so `PennylaneSandboxConfiguration()` is a complete sandbox.
///
/// | Property | Default | Meaning |
/// |---|---|---|
/// | `host` | `127.0.0.1` | address to bind; keep it on loopback |
/// | `port` | `0` | `0` picks a free port (read it back from ``PennylaneSandbox/port``) |
/// | `dataset` | ``PennylaneDataset/sample(now:)`` | what to serve |
/// | `tokens` | `pennylane-sandbox-token` → every read scope | Bearer token → its scopes |
/// | `rateLimit` / `rateWindow` | `25` / `5` | requests per token per rolling window (seconds); over it → 429 |
/// | `changelogRetention` | 28 days | how far back `start_date` may go (older → 422) |
/// | `now` | `Date()` | the clock; tests share one with the client's limiter |
///
/// - Important: The default token is a public test value. Bind to loopback only.
public struct PennylaneSandboxConfiguration: Sendable {
    /// The address to bind.
    public var host: String = "127.0.0.1"
    /// The TCP port; `0` picks a free one.
    public var port: Int = 0
    /// What the sandbox serves.
    public var dataset: PennylaneDataset = .sample(now: Date())
    /// Accepted Bearer tokens and the scopes each carries (`suppliers:readonly`, `customers:all`…).
    public var tokens: [String: Set<String>] = [PennylaneSandboxConfiguration.defaultToken: PennylaneSandboxConfiguration.readScopes]
    /// Requests admitted per token within ``rateWindow``.
    public var rateLimit: Int = 25
    /// The rate-limit window in seconds.
    public var rateWindow: Double = 5
    /// How long changes stay in the changelogs, in seconds.
    public var changelogRetention: Double = 28 * 86_400
    /// The clock.
    public var now: @Sendable () -> Date = { Date() }

    /// The default token.
    public static let defaultToken = "pennylane-sandbox-token"
    /// The read-only scopes of the resources the sandbox serves.
    public static let readScopes: Set<String> = ["suppliers:readonly", "customers:readonly", "supplier_invoices:readonly"]

    /// A configuration with every default listed above.
    public init() {}
}
