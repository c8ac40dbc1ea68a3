import FacteurCore

/// The status page's view model, built from a ``FacteurCore/HealthReport``.
struct StatusContent {
    struct SideRow {
        let name: String
        let state: String
        /// `ok`, `failing`, `stopped` or `never`, for the badge's colour.
        let badge: String
        let lastSuccess: String
        let lastFailure: String?
        let lastError: String?
    }

    struct MarkerRow {
        let recordType: String
        let value: String
    }

    struct IncidentRow {
        let side: String
        let openedAt: String
        let summary: String
        let remedy: String
        /// Whether the owner was mailed, in words.
        let mailed: String
        let mailFailed: Bool
    }

    struct CountRow {
        let state: String
        let count: Int
    }

    struct ProblemRow {
        let recordType: String
        let recordID: String
        /// The Qonto link, only when it is an http(s) URL (never `javascript:` or the like).
        let qontoURL: String?
        let state: String
        let reason: String
        let serverReply: String?
        let since: String
        let retryTarget: String
        let retryRequested: Bool
    }

    let generatedAt: String
    let healthy: Bool
    let sides: [SideRow]
    let markers: [MarkerRow]
    let incidents: [IncidentRow]
    let counts: [CountRow]
    let problems: [ProblemRow]

    init(_ report: HealthReport) {
        generatedAt = DisplayTime.format(report.generatedAt)
        healthy = report.isHealthy
        sides = report.sides.map { side in
            SideRow(name: side.side == .qonto ? "Qonto (polling)" : "SMTP (delivery)", state: side.state,
                    badge: ["ok", "failing", "stopped", "never"].contains(side.state) ? side.state : "failing",
                    lastSuccess: DisplayTime.format(side.lastSuccessAt),
                    lastFailure: side.lastFailureAt.map { DisplayTime.format($0) }, lastError: side.lastError)
        }
        markers = report.markers.map { MarkerRow(recordType: $0.recordType, value: DisplayTime.format($0.value)) }
        incidents = report.openIncidents.map { incident in
            let mailed: String
            if let at = incident.notifiedAt {
                mailed = "The owner was mailed at \(DisplayTime.format(at))."
            } else if let error = incident.notificationError {
                mailed = "The owner could not be mailed: \(error)"
            } else {
                mailed = "The owner has not been mailed yet."
            }
            return IncidentRow(side: incident.side.rawValue, openedAt: DisplayTime.format(incident.openedAt),
                               summary: incident.summary, remedy: incident.remedy, mailed: mailed,
                               mailFailed: incident.notifiedAt == nil && incident.notificationError != nil)
        }
        counts = report.outboxCounts.map { CountRow(state: $0.state.rawValue, count: $0.count) }
        problems = report.problems.map { problem in
            let url = problem.qontoURL.hasPrefix("https://") || problem.qontoURL.hasPrefix("http://") ? problem.qontoURL : nil
            return ProblemRow(recordType: problem.recordType, recordID: problem.recordID, qontoURL: url,
                              state: problem.state, reason: problem.reason,
                              serverReply: problem.serverReply?.isEmpty == false ? problem.serverReply : nil,
                              since: DisplayTime.format(problem.since), retryTarget: problem.retryTarget,
                              retryRequested: problem.retryRequested)
        }
    }
}
