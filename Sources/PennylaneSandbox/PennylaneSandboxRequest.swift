public import Foundation

/// One API request the sandbox received (admin routes are not recorded; the token never is).
public struct PennylaneSandboxRequest: Sendable, Hashable {
    /// `GET`…
    public var method: String
    /// The path below the API base, e.g. `/suppliers`, `/changelogs/suppliers`.
    public var path: String
    /// The decoded query parameters (the last value of a repeated name).
    public var query: [String: String]
    /// Whether the token was known.
    public var authenticated: Bool
    /// The status sent.
    public var status: Int
    /// When it arrived, by the sandbox's clock.
    public var receivedAt: Date
}
