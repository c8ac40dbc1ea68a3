import Foundation

/// One ``PennylaneRateLimiter`` per Pennylane token for the whole process.
///
/// Pennylane counts 25 requests per 5 s **per token**. An accounting firm may use one firm-wide
/// token for several companies, so two workspaces of one gateway can share a token: their
/// clients must then share its 25 requests, which a limiter per client would not do.
/// ``PennylaneClient`` takes its limiter from ``shared`` unless given one.
///
/// Limiters are kept under a hash of the token (Swift's `Hasher`, seeded per process), never the
/// token itself. Two tokens whose hashes collide would share one limiter: slower, never over a
/// limit. A limiter lives as long as the process; there is one per distinct token in use.
public final class PennylaneLimiterRegistry: @unchecked Sendable {
    // @unchecked: `limiters` is only touched under `lock`.

    /// The registry every ``PennylaneClient`` of the process uses unless given a limiter.
    public static let shared = PennylaneLimiterRegistry()

    private let makeLimiter: @Sendable () -> PennylaneRateLimiter
    private let lock = NSLock()
    private var limiters: [Int: PennylaneRateLimiter] = [:]

    /// Creates a registry.
    /// - Parameter makeLimiter: Makes the limiter of a token seen for the first time (default:
    ///   25 per 5 s on the system uptime); tests pass one on a manual clock.
    public init(makeLimiter: @escaping @Sendable () -> PennylaneRateLimiter = { PennylaneRateLimiter() }) {
        self.makeLimiter = makeLimiter
    }

    /// The limiter shared by every client of `token` in the process.
    public func limiter(forToken token: String) -> PennylaneRateLimiter {
        let key = Self.key(token)
        return lock.withLock {
            if let existing = limiters[key] { return existing }
            let made = makeLimiter()
            limiters[key] = made
            return made
        }
    }

    /// How many distinct tokens have a limiter.
    public var count: Int { lock.withLock { limiters.count } }

    /// The key of a token: a hash, so the registry holds no copy of the token.
    static func key(_ token: String) -> Int {
        var hasher = Hasher()
        hasher.combine("pennylane-token")
        hasher.combine(token)
        return hasher.finalize()
    }
}
