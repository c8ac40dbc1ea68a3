/// Qonto requests made by this process and how many Qonto answered 429 (too many requests), per
/// client label (the workspace's name), since the process started. Read by `/metrics` at each
/// scrape from the process-wide request budget that paces every Qonto request.
public struct QontoRequestTotals: Sendable, Hashable {
    /// Requests sent, per label.
    public var requests: [String: Int]
    /// Requests answered 429, per label.
    public var throttled: [String: Int]

    /// Creates totals (empty by default).
    public init(requests: [String: Int] = [:], throttled: [String: Int] = [:]) {
        self.requests = requests
        self.throttled = throttled
    }
}
