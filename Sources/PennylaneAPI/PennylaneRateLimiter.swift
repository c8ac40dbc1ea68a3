import Foundation

/// Keeps requests under Pennylane's limit of 25 per rolling 5 seconds per token.
///
/// A request may start at time `t` when fewer than `limit` requests started in `(t − window, t]`;
/// otherwise the caller waits until the oldest of them leaves the window. Clients that share a
/// token share one limiter (it is thread-safe): ``PennylaneLimiterRegistry`` keeps one per token. 429 answers are handled by the client on
/// top of this (they mean another process uses the same token).
public final class PennylaneRateLimiter: @unchecked Sendable {
    // @unchecked: `started` is only touched under `lock`.
    /// Requests allowed per window.
    public let limit: Int
    /// The window, in seconds.
    public let window: Double
    private let now: @Sendable () -> Double
    private let lock = NSLock()
    private var started: [Double] = []

    /// Creates a limiter.
    /// - Parameters:
    ///   - limit: Requests per window (Pennylane: 25).
    ///   - window: Seconds (Pennylane: 5).
    ///   - now: A monotonic clock in seconds (default: the system uptime); tests inject a manual one.
    public init(limit: Int = 25, window: Double = 5, now: (@Sendable () -> Double)? = nil) {
        self.limit = max(1, limit)
        self.window = window
        self.now = now ?? { ProcessInfo.processInfo.systemUptime }
    }

    /// Waits (through `sleep`) until a request may start, then counts it as started.
    /// - Parameter sleep: How to wait, in seconds (the client's injected sleep).
    public func acquire(sleep: (Double) -> Void) {
        while true {
            let wait = reserve()
            if wait <= 0 { return }
            sleep(wait)
        }
    }

    /// Counts a request as started now and returns 0, or returns how long to wait first.
    func reserve() -> Double {
        lock.withLock {
            let time = now()
            started.removeAll { $0 <= time - window }
            guard started.count >= limit else {
                started.append(time)
                return 0
            }
            return started[started.count - limit] + window - time
        }
    }
}
