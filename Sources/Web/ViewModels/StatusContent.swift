import FacteurCore

/// The status page's view model, built from a ``FacteurCore/HealthReport``, in the order a person
/// reads it on a phone: the verdict ("is everything fine?"), open incidents, what waits for a
/// decision, what was dismissed, then the health details. Every count is the number of rows shown.
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
        let heading: String
        let openedAt: String
        let summary: String
        let remedy: CodeSpans
        /// Whether the owner was mailed, in words.
        let mailed: String
        let mailFailed: Bool
    }

    struct CountRow {
        let state: String
        let count: Int
    }

    let generatedAt: String
    let healthy: Bool
    let verdict: String
    let timeZone: String
    let sides: [SideRow]
    let markers: [MarkerRow]
    let incidents: [IncidentRow]
    let hasIncidents: Bool
    let counts: [CountRow]
    let problems: [ProblemCard]
    let waitingHeading: String
    let dismissed: [ProblemCard]
    let hasDismissed: Bool
    let dismissedHeading: String

    init(_ report: HealthReport, display: Display) {
        let t = display.strings, format = display.formatting
        generatedAt = format.time(report.generatedAt)
        timeZone = format.zoneName
        healthy = report.isHealthy
        var verdictParts: [String] = []
        if !report.openIncidents.isEmpty { verdictParts.append(t.incidents(report.openIncidents.count)) }
        if !report.problems.isEmpty { verdictParts.append(t.invoicesWaiting(report.problems.count)) }
        verdict = verdictParts.isEmpty ? t.verdictAllWell : verdictParts.joined(separator: " · ") + "."
        sides = report.sides.map { side in
            SideRow(name: t.sideName(side.side.rawValue), state: t.sideState(side.state),
                    badge: ["ok", "failing", "stopped", "never"].contains(side.state) ? side.state : "failing",
                    lastSuccess: format.time(side.lastSuccessAt),
                    lastFailure: side.lastFailureAt.map { format.time($0) }, lastError: side.lastError)
        }
        markers = report.markers.map { MarkerRow(recordType: t.recordTypeName($0.recordType), value: $0.value.map { format.time($0) } ?? t.noMarker) }
        incidents = report.openIncidents.map { incident in
            let mailed: String
            if let at = incident.notifiedAt {
                mailed = "\(t.ownerMailedAt) \(format.time(at))."
            } else if let error = incident.notificationError {
                mailed = "\(t.ownerMailFailed) \(error)"
            } else {
                mailed = t.ownerNotMailed
            }
            return IncidentRow(side: incident.side.rawValue,
                               heading: t.sideName(incident.side.rawValue) + (display.language == .fr ? " : " : ": ") + t.stoppedSince,
                               openedAt: format.time(incident.openedAt),
                               summary: incident.summary, remedy: CodeSpans(t.remedy(incident.remedy)), mailed: mailed,
                               mailFailed: incident.notifiedAt == nil && incident.notificationError != nil)
        }
        hasIncidents = !incidents.isEmpty
        counts = report.outboxCounts.map { CountRow(state: t.stateName($0.state.rawValue), count: $0.count) }
        problems = report.problems.enumerated().map { ProblemCard($0.element, index: $0.offset, display: display) }
        waitingHeading = "\(t.waitingHeading) (\(problems.count))"
        dismissed = report.dismissed.enumerated().map { ProblemCard($0.element, index: $0.offset, display: display) }
        hasDismissed = !dismissed.isEmpty
        dismissedHeading = "\(t.dismissedHeading) (\(dismissed.count))"
    }
}
