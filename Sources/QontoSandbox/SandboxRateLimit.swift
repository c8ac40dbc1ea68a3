import Foundation

/// A per-address request limit the sandbox enforces, as Qonto's gateway does: at most `requests`
/// in any rolling `seconds`; one more gets `429 Too Many Requests` with `Retry-After`.
///
/// Everything on loopback is one address, so one window counts every client of the sandbox.
/// ``qonto`` is what Qonto publishes; tests set small ones to reach the limit quickly.
public struct SandboxRateLimit: Sendable, Hashable {
    /// Requests admitted per window.
    public var requests: Int
    /// The window's length in seconds.
    public var seconds: Double

    /// Creates a limit.
    public init(requests: Int, seconds: Double) {
        self.requests = max(1, requests)
        self.seconds = seconds
    }

    /// Qonto's published per-address limits: 1,000 requests per 10 s and 10,000 per 10 min.
    public static let qonto = [SandboxRateLimit(requests: 1_000, seconds: 10), SandboxRateLimit(requests: 10_000, seconds: 600)]
}

/// The admitted requests' arrival times, per configured limit.
///
/// A request arriving at `t` is admitted when each limit saw fewer than `requests` admitted in
/// `(t − seconds, t]`; a refused request is not counted (it never reached the app).
actor SandboxRateLimiter {
    private let limits: [SandboxRateLimit]
    private var admitted: [Double] = []
    private var refusals = 0

    init(limits: [SandboxRateLimit]) {
        self.limits = limits
    }

    /// Admits a request arriving at `now` and returns nil, or returns the whole seconds until it
    /// could be (the `Retry-After`, at least 1).
    func admit(at now: Date) -> Int? {
        guard let longest = limits.map(\.seconds).max() else { return nil }
        let time = now.timeIntervalSince1970
        admitted.removeAll { $0 <= time - longest }
        var wait = 0.0, full = false
        for limit in limits {
            let inside = admitted.filter { $0 > time - limit.seconds }
            if inside.count >= limit.requests {
                full = true
                wait = max(wait, inside[inside.count - limit.requests] + limit.seconds - time)
            }
        }
        guard full else {
            admitted.append(time)
            return nil
        }
        refusals += 1
        return max(1, Int(wait.rounded(.up)))
    }

    /// How many requests got a 429 from this limiter.
    var refused: Int { refusals }
}
