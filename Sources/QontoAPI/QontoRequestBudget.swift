import Foundation

/// Paces every Qonto request of the process under Qonto's per-address limits, fairly between
/// workspaces, and stops calling Qonto before its 401 throttle hits the whole address.
///
/// Qonto counts **per IP address**: 1,000 requests per 10 s and 10,000 per 10 min (then 429),
/// and it throttles an address that got more than 200 answers 401 within an hour. One gateway
/// process serves many workspaces, each with its own ``QontoClient``, all from one address; so
/// the pace is kept here, once per process (``shared``), not per client:
/// - **Two rolling windows** (``Limits/standard``: 900 per 10 s and 9,000 per 10 min). A request
///   is counted when it is let go, Qonto counts it when it arrives; the 10 % margin covers the
///   requests still on their way at a window's edge (at most one per client thread), a clock
///   that differs from Qonto's, and other software calling Qonto from the same address.
/// - **Fair between labels** (a client's ``QontoSettings/label``, its workspace's name): the
///   waiting requests are served round-robin between labels, first-in-first-out within a label,
///   so one workspace's 3-year backfill cannot starve another's 15-minute poll. When A and B
///   both wait, B's request goes before A's next one.
/// - **429 still honoured.** A 429 (another process on the address, a smaller real limit) is
///   counted for the label; the client that got it waits `Retry-After` (else backs off) itself.
/// - **401 breaker.** 401 answers are counted for the whole process; from
///   ``Limits/unauthorized`` (150 in the rolling hour, below Qonto's 200) every request is
///   refused with ``QontoError/Code/authFailureBreaker`` until the count falls back, so a few
///   workspaces with dead credentials cannot get the address throttled for all the others.
///
/// Every ``QontoClient`` request to Qonto's API acquires it: listings, attachment metadata, OAuth
/// token refreshes, and file downloads when the API's own host serves them (a pre-signed link to
/// Qonto's file storage is another host, outside the API's per-IP limits).
///
/// ```swift
/// let budget = QontoRequestBudget(now: { clock.now }, sleep: clock.sleep)  // tests: a manual clock
/// try budget.acquire(label: "acme")        // waits its turn, then counts it
/// budget.counts()["acme"]                  // requests, 429s, 401s, for /metrics
/// ```
///
/// - Important: ``acquire(label:)`` blocks: call it from the client's
///   libcurl thread (``Curl/CurlWorker``), never from the Swift concurrency pool.
public final class QontoRequestBudget: @unchecked Sendable {
    // @unchecked: every stored var is read and written only while `lock` is held.

    /// The budget every ``QontoClient`` of the process uses unless given another one.
    public static let shared = QontoRequestBudget()

    /// The limits it keeps.
    public let limits: Limits
    let now: @Sendable () -> Double
    let sleep: @Sendable (Double) -> Void
    let lock = NSLock()
    var short: RollingWindow
    var long: RollingWindow
    var unauthorized: RollingWindow
    var queue = FairQueue()
    /// Tickets let go by another caller's turn, whose owner has not seen it yet.
    var granted: Set<Int> = []
    var totals: [String: QontoRequestCounts] = [:]

    /// Creates a budget.
    /// - Parameters:
    ///   - limits: The windows and the 401 threshold (default ``Limits/standard``).
    ///   - now: A monotonic clock in seconds (default: the system uptime); tests inject a manual one.
    ///   - sleep: How to wait on that clock, in seconds (default: the thread sleeps). The budget
    ///     waits on its own clock, apart from the clients' retry waits, so a test's sleep recorder
    ///     never sees a wait measured on another clock.
    public init(limits: Limits = .standard, now: (@Sendable () -> Double)? = nil, sleep: (@Sendable (Double) -> Void)? = nil) {
        self.limits = limits
        self.now = now ?? { ProcessInfo.processInfo.systemUptime }
        self.sleep = sleep ?? { Thread.sleep(forTimeInterval: $0) }
        short = RollingWindow(limit: limits.short.requests, seconds: limits.short.seconds)
        long = RollingWindow(limit: limits.long.requests, seconds: limits.long.seconds)
        unauthorized = RollingWindow(limit: limits.unauthorized.requests, seconds: limits.unauthorized.seconds)
    }

    /// Waits until a request of `label` may go, then counts it.
    /// - Parameter label: Whose request it is (the workspace's name).
    /// - Throws: ``QontoError`` `.authFailureBreaker` when too many 401s came back in the last hour.
    public func acquire(label: String) throws(QontoError) {
        let ticket = enqueue(label: label)
        while true {
            switch poll(ticket) {
            case .go: return
            case .wait(let seconds): sleep(seconds)
            case .refused(let error): throw error
            }
        }
    }

    /// Counts a 401 answer to a request of `label`, towards the process's hourly threshold.
    public func recordUnauthorized(label: String) {
        lock.withLock {
            let time = now()
            unauthorized.slide(to: time)
            unauthorized.record(time)
            totals[label, default: QontoRequestCounts()].unauthorized += 1
        }
    }

    /// Counts a 429 answer to a request of `label`.
    public func recordThrottled(label: String) {
        lock.withLock { totals[label, default: QontoRequestCounts()].throttled += 1 }
    }

    /// What each label did so far (for `/metrics`): requests let go, 429 and 401 answers.
    public func counts() -> [String: QontoRequestCounts] {
        lock.withLock { totals }
    }
}

/// One label's totals in a ``QontoRequestBudget``, since the process started.
public struct QontoRequestCounts: Sendable, Hashable {
    /// Requests let go to Qonto (each retry counts).
    public var requests = 0
    /// Answers 429 Too Many Requests.
    public var throttled = 0
    /// Answers 401 Unauthorized.
    public var unauthorized = 0

    /// Zero counts.
    public init() {}
}

extension QontoRequestBudget {
    /// The limits a ``QontoRequestBudget`` keeps.
    public struct Limits: Sendable, Hashable {
        /// At most `requests` in any `seconds`.
        public struct Window: Sendable, Hashable {
            /// Requests (or 401 answers) per window.
            public var requests: Int
            /// The window's length in seconds.
            public var seconds: Double

            /// Creates a window.
            public init(requests: Int, seconds: Double) {
                self.requests = requests
                self.seconds = seconds
            }
        }

        /// The short window (Qonto: 1,000 per 10 s).
        public var short: Window
        /// The long window (Qonto: 10,000 per 10 min).
        public var long: Window
        /// 401 answers per window from which requests are refused (Qonto throttles past 200 an hour).
        public var unauthorized: Window

        /// Creates limits.
        public init(short: Window, long: Window, unauthorized: Window) {
            self.short = short
            self.long = long
            self.unauthorized = unauthorized
        }

        /// 900 per 10 s, 9,000 per 10 min, 150 401s per hour: 10 % (25 % for 401s) under what
        /// Qonto publishes, for the requests in flight at a window's edge, clock differences and
        /// other software on the same address.
        public static let standard = Limits(short: Window(requests: 900, seconds: 10),
                                            long: Window(requests: 9_000, seconds: 600),
                                            unauthorized: Window(requests: 150, seconds: 3_600))
    }
}
