public import FoundationEssentials

/// One company of a gateway as the overview page and `/metrics` see it: its health, what waits for
/// a person, its last successful sync, its queue, and how long its Qonto OAuth refresh token has
/// left. Built by FacteurApp from the workspace's store at each request (so it is exact after a
/// restart), rendered by Web for people and for Prometheus.
public struct WorkspaceOverviewRow: Sendable, Hashable {
    /// The workspace.
    public var workspace: WorkspaceID
    /// When the row was read.
    public var readAt: Date
    /// The side's open incidents (an auth stop on Qonto or SMTP), newest first.
    public var openIncidents: [Incident]
    /// How many problems wait for a person (failed or unknown messages, review holds, held records;
    /// dismissed ones excluded): the count of the workspace's status page.
    public var waiting: Int
    /// The last time a Qonto poll window was committed, or nil before the first.
    public var lastSyncAt: Date?
    /// Messages per outbox state (every state present, zero included).
    public var outbox: [OutboxState: Int]
    /// When the oldest message due for an attempt now (or being sent) was queued, or nil when none is.
    public var oldestDueQueuedAt: Date?
    /// The Qonto OAuth refresh token's expiry, as far as it is known.
    public var refreshToken: RefreshTokenExpiry
    /// Whether the figures above are known (a workspace not served, or whose store cannot be read,
    /// has an empty row that says why).
    public var availability: WorkspaceAvailability = .served

    /// Creates a row.
    public init(workspace: WorkspaceID, readAt: Date, openIncidents: [Incident], waiting: Int, lastSyncAt: Date?,
                outbox: [OutboxState: Int], oldestDueQueuedAt: Date?, refreshToken: RefreshTokenExpiry) {
        self.workspace = workspace
        self.readAt = readAt
        self.openIncidents = openIncidents
        self.waiting = waiting
        self.lastSyncAt = lastSyncAt
        self.outbox = outbox
        self.oldestDueQueuedAt = oldestDueQueuedAt
        self.refreshToken = refreshToken
    }

    /// The row of a workspace from its health report (the one its status page shows), so the
    /// overview and the status page can never disagree on what waits.
    /// - Parameters:
    ///   - workspace: The workspace.
    ///   - report: Its health report.
    ///   - readAt: When it was read.
    ///   - oldestDueQueuedAt: When its oldest due message was queued (the outbox's answer).
    ///   - refreshToken: Its Qonto refresh token's expiry.
    public init(workspace: WorkspaceID, report: HealthReport, readAt: Date, oldestDueQueuedAt: Date?,
                refreshToken: RefreshTokenExpiry) {
        self.init(workspace: workspace, readAt: readAt, openIncidents: report.openIncidents, waiting: report.problems.count,
                  lastSyncAt: report.sides.first { $0.side == .qonto }?.lastSuccessAt.flatMap(Timestamp.parse),
                  outbox: Dictionary(report.outboxCounts.map { ($0.state, $0.count) }, uniquingKeysWith: +),
                  oldestDueQueuedAt: oldestDueQueuedAt, refreshToken: refreshToken)
    }

    /// The row of a workspace whose figures are not known: not served, or its store unreadable.
    /// - Parameters:
    ///   - workspace: The workspace.
    ///   - availability: Why (anything but ``WorkspaceAvailability/served``).
    ///   - readAt: When the row was made.
    public static func unavailable(_ workspace: WorkspaceID, _ availability: WorkspaceAvailability,
                                   readAt: Date) -> WorkspaceOverviewRow {
        var row = WorkspaceOverviewRow(workspace: workspace, readAt: readAt, openIncidents: [], waiting: 0, lastSyncAt: nil,
                                       outbox: Dictionary(uniqueKeysWithValues: OutboxState.allCases.map { ($0, 0) }),
                                       oldestDueQueuedAt: nil, refreshToken: .none)
        row.availability = availability
        return row
    }

    /// Messages the delivery worker still has to send: queued, deferred, sending, and unknown (an
    /// attempt whose outcome was lost, sent again with the same Message-ID).
    public var queueDepth: Int {
        [OutboxState.queued, .deferred, .sending, .unknown].reduce(0) { $0 + (outbox[$1] ?? 0) }
    }

    /// Seconds the oldest due message has been waiting at ``readAt`` (0 when none is due).
    public var oldestDueAge: TimeInterval {
        oldestDueQueuedAt.map { max(0, readAt.timeIntervalSince($0)) } ?? 0
    }

    /// Whether nothing needs a person: served and read, no open incident, nothing waiting.
    public var isHealthy: Bool { availability.isServed && openIncidents.isEmpty && waiting == 0 }

    /// The rows worst first: workspaces not served or unreadable, then those with an open incident,
    /// then those with work waiting (more first), then the rest, each group by name.
    public static func worstFirst(_ rows: [WorkspaceOverviewRow]) -> [WorkspaceOverviewRow] {
        rows.sorted { a, b in
            let rankA = (a.availability.isServed ? 1 : 0, a.openIncidents.isEmpty ? 1 : 0, a.waiting > 0 ? 0 : 1)
            let rankB = (b.availability.isServed ? 1 : 0, b.openIncidents.isEmpty ? 1 : 0, b.waiting > 0 ? 0 : 1)
            if rankA != rankB { return rankA < rankB }
            if a.waiting != b.waiting { return a.waiting > b.waiting }
            return a.workspace < b.workspace
        }
    }
}

/// What is known of a workspace's Qonto OAuth refresh token. Qonto's refresh tokens last 90 days
/// and rotate at every refresh, so the clock restarts each time Facteur refreshes; a token close to
/// expiry means the workspace has not refreshed for weeks (stopped, or disconnected).
public enum RefreshTokenExpiry: Sendable, Hashable {
    /// The workspace uses an API key, or is not connected: no refresh token.
    case none
    /// A refresh token is stored, but not when it was issued (stored by an earlier release).
    case unknown
    /// The token was issued at that time and expires at the other.
    case expires(issuedAt: Date, at: Date)

    /// How long a Qonto refresh token lasts: 90 days.
    public static let lifetime: TimeInterval = 90 * 86_400
    /// How close to expiry the overview warns: 14 days.
    public static let warning: TimeInterval = 14 * 86_400

    /// The expiry of a token issued at `issuedAt`.
    public static func issued(at issuedAt: Date) -> RefreshTokenExpiry {
        .expires(issuedAt: issuedAt, at: issuedAt.addingTimeInterval(lifetime))
    }

    /// The expiry date, when known.
    public var expiresAt: Date? {
        if case .expires(_, let at) = self { return at }
        return nil
    }

    /// Whether the token expires within ``warning`` of `now` (or already has).
    public func isClose(now: Date) -> Bool {
        expiresAt.map { $0.timeIntervalSince(now) <= Self.warning } ?? false
    }
}
