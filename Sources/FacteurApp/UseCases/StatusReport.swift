public import FacteurCore
public import Foundation
public import Store

/// `facteur status` and the status page: the gateway's health from the store.
public struct StatusReport: Sendable {
    /// The configuration (for the Qonto links).
    public let configuration: FacteurConfiguration
    /// The workspace's store.
    public let store: any WorkspaceStore

    /// Creates the use case.
    public init(configuration: FacteurConfiguration, store: any WorkspaceStore) {
        self.configuration = configuration
        self.store = store
    }

    /// Whether a hold's decision says the document is not something Pennylane reads as an invoice,
    /// so the action that fits is Dismiss (Retry would hold it again): a non-financial document,
    /// an unsupported file, or a record refused at the API edge (``HoldReason/isNotAnInvoice``).
    /// An unknown decision (an old row whose sentence said nothing unambiguous) offers Retry.
    static func isNotAnInvoice(_ record: QontoRecord) -> Bool {
        !record.retryable && record.decision?.isNotAnInvoice == true
    }

    /// Builds the report.
    public func build(now: Date = Date()) throws(StoreError) -> HealthReport {
        let incidents = store.incidents
        let open = try incidents.allOpen()
        let sides = try Side.allCases.map { side throws(StoreError) -> SideHealth in
            let health = try incidents.health(side)
            let failingSinceSuccess = health.lastFailureAt.map { failure in health.lastSuccessAt.map { failure > $0 } ?? true } ?? false
            let state = open.contains { $0.side == side } ? "stopped"
                : failingSinceSuccess ? "failing" : health.lastSuccessAt == nil ? "never" : "ok"
            return SideHealth(side: side, state: state, lastSuccessAt: health.lastSuccessAt,
                              lastFailureAt: failingSinceSuccess ? health.lastFailureAt : nil,
                              lastError: failingSinceSuccess ? health.lastError : nil)
        }
        let settings = store.settings
        let markers = try InvoiceKind.allCases.map { kind throws(StoreError) in
            SyncMarker(recordType: kind.qontoType, value: try settings.value(SyncInvoices.markerKey(kind)))
        }
        let outbox = store.outbox
        let dismissals = try store.dismissals.active()
        let counts = try outbox.counts()
        let records = store.records
        var problems: [Problem] = []
        for state in [OutboxState.failed, .held] {
            for message in try outbox.list(state: state, limit: 500) {
                let known = try records.facts(recordType: message.recordType, recordID: message.recordID)
                var facts = known.facts
                if facts.fileName == nil { facts.fileName = message.attachmentName }
                var problem = Problem(
                    source: "outbox", retryTarget: "outbox:\(message.id)", recordType: message.recordType, recordID: message.recordID,
                    state: state.rawValue, reason: message.lastError ?? "no reason recorded", serverReply: message.lastReply,
                    since: message.lastAttemptAt ?? message.queuedAt,
                    qontoURL: configuration.qonto.recordURL(recordType: message.recordType, id: message.recordID),
                    retryRequested: false, facts: facts, recipient: message.recipient, explanation: known.explanation,
                    // A message held before any attempt was held for review: sending it as it is releases it.
                    action: state == .held && message.lastAttemptAt == nil ? .release : .retry)
                problem.dismissal = dismissals[Dismissals.Subject(recordType: message.recordType, recordID: message.recordID,
                                                                  contentHash: message.contentHash, outboxID: message.id)]
                problems.append(problem)
            }
        }
        for pending in try records.pending() {
            let record = pending.record
            var problem = Problem(
                source: "record", retryTarget: "record:\(record.recordType):\(record.recordID)", recordType: record.recordType,
                recordID: record.recordID, state: "held", reason: record.reason ?? "no reason recorded", serverReply: nil,
                since: pending.seenAt, qontoURL: configuration.qonto.recordURL(recordType: record.recordType, id: record.recordID),
                retryRequested: pending.retryRequestedAt != nil, facts: pending.facts, explanation: record.matchExplanation,
                action: Self.isNotAnInvoice(record) ? .dismiss : .retry)
            problem.dismissal = dismissals[Dismissals.Subject(recordType: record.recordType, recordID: record.recordID,
                                                              contentHash: record.contentHash, outboxID: nil)]
            problems.append(problem)
        }
        // The most urgent first (a refused message, then a review hold, then a held record), newest first within each.
        problems.sort { ($0.urgency, $1.since) < ($1.urgency, $0.since) }
        let dismissed = problems.filter { $0.dismissal != nil }.sorted { ($0.dismissal?.at ?? "") > ($1.dismissal?.at ?? "") }
        return HealthReport(generatedAt: Timestamp.format(now), sides: sides, markers: markers, openIncidents: open,
                            outboxCounts: OutboxState.allCases.map { StateCount(state: $0, count: counts[$0] ?? 0) },
                            problems: problems.filter { $0.dismissal == nil }, dismissed: dismissed)
    }
}

private extension Problem {
    /// 0 for a message the server refused (or whose outcome is unknown), 1 for a review hold, 2 for a held record.
    var urgency: Int { state != "held" ? 0 : source == "outbox" ? 1 : 2 }
}
