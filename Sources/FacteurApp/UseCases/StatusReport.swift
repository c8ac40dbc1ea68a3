public import FacteurCore
public import Foundation
public import Store

/// `facteur status` and the status page: the gateway's health from the store.
public struct StatusReport: Sendable {
    /// The configuration (for the Qonto links).
    public let configuration: FacteurConfiguration
    /// The database.
    public let database: FacteurDatabase

    /// Creates the use case.
    public init(configuration: FacteurConfiguration, database: FacteurDatabase) {
        self.configuration = configuration
        self.database = database
    }

    /// Builds the report.
    public func build(now: Date = Date()) throws(StoreError) -> HealthReport {
        let incidents = Incidents(database: database)
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
        let settings = Settings(database: database)
        let markers = try InvoiceKind.allCases.map { kind throws(StoreError) in
            SyncMarker(recordType: kind.qontoType, value: try settings.value(SyncInvoices.markerKey(kind)))
        }
        let outbox = OutboxRepository(database: database)
        let counts = try outbox.counts()
        var problems: [Problem] = []
        for state in [OutboxState.failed, .held] {
            for message in try outbox.list(state: state, limit: 500) {
                problems.append(Problem(
                    source: "outbox", retryTarget: "outbox:\(message.id)", recordType: message.recordType, recordID: message.recordID,
                    state: state.rawValue, reason: message.lastError ?? "no reason recorded", serverReply: message.lastReply,
                    since: message.lastAttemptAt ?? message.queuedAt,
                    qontoURL: configuration.qonto.recordURL(recordType: message.recordType, id: message.recordID),
                    retryRequested: false))
            }
        }
        for pending in try QontoRecords(database: database).pending() {
            let record = pending.record
            problems.append(Problem(
                source: "record", retryTarget: "record:\(record.recordType):\(record.recordID)", recordType: record.recordType,
                recordID: record.recordID, state: "held", reason: record.reason ?? "no reason recorded", serverReply: nil,
                since: pending.seenAt, qontoURL: configuration.qonto.recordURL(recordType: record.recordType, id: record.recordID),
                retryRequested: pending.retryRequestedAt != nil))
        }
        problems.sort { $0.since > $1.since }
        return HealthReport(generatedAt: Timestamp.format(now), sides: sides, markers: markers, openIncidents: open,
                            outboxCounts: OutboxState.allCases.map { StateCount(state: $0, count: counts[$0] ?? 0) },
                            problems: problems)
    }
}
