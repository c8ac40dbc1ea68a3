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
/// - **A reserve in the long window.** Turns only order the requests already waiting; alone, a
///   backfill at 900 per 10 s would fill the 10-minute window in 100 s and a quiet workspace's next
///   poll would wait up to ~500 s for its first slot. So while another label is *present* (it made
///   a request in the last day — ``Limits/presence``, the longest `poll_interval` — or waits now),
///   a *heavy* label, one holding at least 10 % of the long window (``Limits/heavyShare``) — or,
///   with many labels present, at least its even share of 70 % (150 companies catching up at once
///   are heavy together) — may fill the long window only up to 70 %: the last 30 %
///   (``Limits/reservedShare``) is kept for the light labels' polls, which then wait for the short
///   window only. Several backfills share the 70 % between them; when every label present is heavy
///   (nobody would use the reserve), or a label is alone in the process (a single-company gateway,
///   `facteur sync`), the whole window is used.
/// - **429 still honoured.** A 429 (another process on the address, a smaller real limit) is
///   counted for the label; the client that got it waits `Retry-After` (else backs off) itself.
/// - **401 cap per label.** A label whose requests got 3 answers 401 in the rolling hour with the
///   same credentials (``Limits/unauthorizedPerLabel``) is refused with
///   ``QontoError/Code/credentialsBreaker`` without calling Qonto, until the hour rolls or its
///   credentials change (the client passes a fingerprint of them, see ``acquire(label:credentials:shouldStop:)``),
///   so one workspace's dead key cannot feed the process-wide breaker below.
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
    /// Per label, its starts inside the long window (who is heavy).
    var longByLabel: [String: RollingWindow] = [:]
    /// Per label, when it was last let go (who is present).
    var lastServed: [String: Double] = [:]
    /// Per label and credentials, the 401 answers of the rolling hour.
    var unauthorizedByCredentials: [CredentialsKey: RollingWindow] = [:]
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
    /// - Parameters:
    ///   - label: Whose request it is (the workspace's name).
    ///   - credentials: A fingerprint of the credentials the request carries (never the secret
    ///     itself): the per-label 401 cap counts per label and credentials, so new credentials
    ///     are tried at once.
    ///   - shouldStop: Asked before every try and between sleeps of at most a second: true gives
    ///     the turn up (the request leaves the line) and throws `.stopped` (a shutdown).
    /// - Throws: ``QontoError`` `.credentialsBreaker` when this label's credentials got too many
    ///   401s in the last hour, `.authFailureBreaker` when the whole process did, `.stopped`.
    public func acquire(label: String, credentials: Int = 0, shouldStop: (() -> Bool)? = nil) throws(QontoError) {
        try checkCredentials(label: label, credentials: credentials)
        let ticket = enqueue(label: label)
        while true {
            if let shouldStop, shouldStop() {
                withdraw(ticket)
                throw QontoError(.stopped, "stopped waiting for a turn to call Qonto: the process is shutting down")
            }
            switch poll(ticket) {
            case .go: return
            case .wait(let seconds): sleep(shouldStop == nil ? seconds : min(seconds, Self.stopCheckInterval))
            case .refused(let error): throw error
            }
        }
    }

    /// The longest sleep between two looks at `shouldStop`, in seconds.
    static let stopCheckInterval = 1.0

    /// Counts a 401 answer to a request of `label` made with `credentials`, towards the label's
    /// and the process's hourly thresholds.
    public func recordUnauthorized(label: String, credentials: Int = 0) {
        lock.withLock {
            let time = now()
            unauthorized.slide(to: time)
            unauthorized.record(time)
            let key = CredentialsKey(label: label, credentials: credentials)
            var window = unauthorizedByCredentials[key]
                ?? RollingWindow(limit: limits.unauthorizedPerLabel.requests, seconds: limits.unauthorizedPerLabel.seconds)
            window.slide(to: time)
            window.record(time)
            unauthorizedByCredentials[key] = window
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
        /// 401 answers per window, to one label's requests with the same credentials, from which
        /// that label's requests are refused.
        public var unauthorizedPerLabel: Window
        /// The share of the long window kept for light labels while another label is present.
        public var reservedShare: Double
        /// The share of the long window from which a label's starts make it heavy.
        public var heavyShare: Double
        /// How long, in seconds, a label counts as present after its last request.
        public var presence: Double

        /// Creates limits.
        public init(short: Window, long: Window, unauthorized: Window,
                    unauthorizedPerLabel: Window = Window(requests: 3, seconds: 3_600),
                    reservedShare: Double = 0.3, heavyShare: Double = 0.1, presence: Double = 86_400) {
            self.short = short
            self.long = long
            self.unauthorized = unauthorized
            self.unauthorizedPerLabel = unauthorizedPerLabel
            self.reservedShare = reservedShare
            self.heavyShare = heavyShare
            self.presence = presence
        }

        /// 900 per 10 s, 9,000 per 10 min, 150 401s per hour: 10 % (25 % for 401s) under what
        /// Qonto publishes, for the requests in flight at a window's edge, clock differences and
        /// other software on the same address. 3 401s per label and credentials per hour; 30 % of
        /// the long window kept for light labels; a label is heavy from 10 % of it and present
        /// for a day after its last request.
        public static let standard = Limits(short: Window(requests: 900, seconds: 10),
                                            long: Window(requests: 9_000, seconds: 600),
                                            unauthorized: Window(requests: 150, seconds: 3_600))
    }
}
