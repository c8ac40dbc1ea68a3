/// The gateway's health as the status page and `facteur status` show it: each side's state, the
/// sync markers, open incidents, outbox counts and the records waiting for a person.
///
/// A plain read model (built by FacteurApp from the store, rendered by Web and the CLI), so the page
/// and the terminal can never disagree.
public struct HealthReport: Sendable, Codable, Hashable {
    /// When the report was built (Timestamp format).
    public var generatedAt: String
    /// The Qonto side (polling) and the SMTP side (delivery).
    public var sides: [SideHealth]
    /// The sync marker of each kind of invoice.
    public var markers: [SyncMarker]
    /// Incidents not yet resolved, newest first.
    public var openIncidents: [Incident]
    /// Messages per outbox state, in ``OutboxState/allCases`` order (zero counts included).
    public var outboxCounts: [StateCount]
    /// Failed messages and held records, newest first: what a person has to look at.
    public var problems: [Problem]
    /// Problems a person set aside as not an invoice (each with its ``Problem/dismissal``), newest
    /// first: no longer waiting, still listed so nothing disappears silently.
    public var dismissed: [Problem]

    /// Creates a report.
    public init(generatedAt: String, sides: [SideHealth], markers: [SyncMarker], openIncidents: [Incident],
                outboxCounts: [StateCount], problems: [Problem], dismissed: [Problem] = []) {
        self.generatedAt = generatedAt
        self.sides = sides
        self.markers = markers
        self.openIncidents = openIncidents
        self.outboxCounts = outboxCounts
        self.problems = problems
        self.dismissed = dismissed
    }

    /// Whether nothing needs a person: no open incident and no problem.
    public var isHealthy: Bool { openIncidents.isEmpty && problems.isEmpty }
}

/// One side of the gateway.
public struct SideHealth: Sendable, Codable, Hashable {
    /// The side.
    public var side: Side
    /// `ok`, `failing` (transient errors, retrying), `stopped` (an auth incident stopped it) or
    /// `never` (it has not run yet).
    public var state: String
    /// The last time the side worked (a poll window committed, a message accepted).
    public var lastSuccessAt: String?
    /// The last failure, when it is more recent than the last success.
    public var lastFailureAt: String?
    /// What that failure said (no secret in it).
    public var lastError: String?

    /// Creates a side's health.
    public init(side: Side, state: String, lastSuccessAt: String?, lastFailureAt: String?, lastError: String?) {
        self.side = side
        self.state = state
        self.lastSuccessAt = lastSuccessAt
        self.lastFailureAt = lastFailureAt
        self.lastError = lastError
    }
}

/// A sync marker: the upper bound of the last committed window of one kind.
public struct SyncMarker: Sendable, Codable, Hashable {
    /// `supplier_invoice` or `client_invoice`.
    public var recordType: String
    /// The marker (Timestamp format), nil before the first window.
    public var value: String?

    /// Creates a marker.
    public init(recordType: String, value: String?) {
        self.recordType = recordType
        self.value = value
    }
}

/// A count of messages in one outbox state.
public struct StateCount: Sendable, Codable, Hashable {
    /// The state.
    public var state: OutboxState
    /// How many messages are in it.
    public var count: Int

    /// Creates a count.
    public init(state: OutboxState, count: Int) {
        self.state = state
        self.count = count
    }
}

/// Something a person has to look at: a failed (or unknown) message, or a held Qonto record.
public struct Problem: Sendable, Codable, Hashable {
    /// `outbox` (a message) or `record` (a Qonto record held before composing).
    public var source: String
    /// What to pass to the Retry action: `outbox:<id>` or `record:<type>:<qonto id>`.
    public var retryTarget: String
    /// `supplier_invoice` or `client_invoice`.
    public var recordType: String
    /// The Qonto record ID.
    public var recordID: String
    /// `failed`, `held` or `unknown`.
    public var state: String
    /// Why, in one line.
    public var reason: String
    /// The SMTP server's reply, when there was one.
    public var serverReply: String?
    /// Since when (Timestamp format).
    public var since: String
    /// Where to see the record in the Qonto web app.
    public var qontoURL: String
    /// Whether a retry was asked for and has not run yet.
    public var retryRequested: Bool
    /// The invoice as Qonto described it (supplier, number, amount, date, file).
    public var facts: InvoiceFacts
    /// The envelope recipient of a message (what to check when the server refused it).
    public var recipient: String?
    /// The matching decision's one-line explanation, when the record was scored.
    public var explanation: String?
    /// The action that fits: Retry after a fix, or Release for a review hold.
    public var action: ProblemAction
    /// Set when a person dismissed it (then it is in ``HealthReport/dismissed``).
    public var dismissal: Dismissal?

    /// Creates a problem row.
    public init(source: String, retryTarget: String, recordType: String, recordID: String, state: String, reason: String,
                serverReply: String?, since: String, qontoURL: String, retryRequested: Bool,
                facts: InvoiceFacts = InvoiceFacts(), recipient: String? = nil, explanation: String? = nil,
                action: ProblemAction = .retry, dismissal: Dismissal? = nil) {
        self.facts = facts
        self.recipient = recipient
        self.explanation = explanation
        self.action = action
        self.dismissal = dismissal
        self.source = source
        self.retryTarget = retryTarget
        self.recordType = recordType
        self.recordID = recordID
        self.state = state
        self.reason = reason
        self.serverReply = serverReply
        self.since = since
        self.qontoURL = qontoURL
        self.retryRequested = retryRequested
    }
}
