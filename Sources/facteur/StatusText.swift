
import FacteurApp

/// The terminal rendering of a ``HealthReport``.
enum StatusText {
    static func render(_ report: HealthReport) -> String {
        var out = ""
        for side in report.sides {
            let name = side.side == .qonto ? "Qonto (polling)" : "SMTP (delivery)"
            out += "\(name): \(side.state)"
            if let success = side.lastSuccessAt { out += ", last success \(success)" }
            out += "\n"
            if let failure = side.lastFailureAt { out += "  last failure \(failure): \(side.lastError ?? "")\n" }
        }
        for marker in report.markers {
            out += "marker \(marker.recordType): \(marker.value ?? "none yet")\n"
        }
        out += "outbox: " + report.outboxCounts.map { "\($0.count) \($0.state.rawValue)" }.joined(separator: ", ") + "\n"
        if report.openIncidents.isEmpty {
            out += "incidents: none open\n"
        }
        for incident in report.openIncidents {
            out += "INCIDENT #\(incident.id) \(incident.side.rawValue) since \(incident.openedAt): \(incident.summary)\n"
            out += "  fix: \(incident.remedy)\n"
            out += "  owner: " + (incident.notifiedAt.map { "mailed \($0)" } ?? "not mailed (\(incident.notificationError ?? "pending"))") + "\n"
        }
        out += "waiting for a person: \(report.problems.count)\n"
        for problem in report.problems.prefix(50) {
            out += "  \(problem.state) \(problem.recordType) \(problem.recordID) since \(problem.since): \(problem.reason)"
            if let reply = problem.serverReply, !reply.isEmpty { out += " [server: \(reply.split(whereSeparator: \.isNewline).joined(separator: " | "))]" }
            if problem.retryRequested { out += " (retry requested)" }
            out += "\n"
        }
        if report.problems.count > 50 { out += "  … and \(report.problems.count - 50) more (see the status page)\n" }
        if !report.dismissed.isEmpty {
            out += "dismissed as not invoices: \(report.dismissed.count) (listed on the status page, where they can be undone)\n"
        }
        return out
    }
}
