import FacteurCore
import Foundation

/// The overview page's view model: one card per workspace, worst first (incidents, then work
/// waiting, then by name), each saying whether it is well, what waits, when Qonto last synced,
/// what is left to send, and whether its Qonto refresh token expires soon.
struct OverviewContent {
    struct IncidentLine {
        let heading: String
        let summary: String
        let since: String
    }

    struct Row {
        let id: String
        let href: String
        /// Whether the workspace has pages (a workspace skipped at start has none).
        let hasPage: Bool
        /// Why the row's figures are unknown (not served, or its store unreadable), or nil.
        let unavailable: IncidentLine?
        /// `incident`, `waiting` or `ok`, for the card's colour.
        let level: String
        let healthy: Bool
        let incidents: [IncidentLine]
        let waitingLine: String
        let hasWaiting: Bool
        let lastSyncRelative: String
        let lastSyncAbsolute: String?
        let queueLine: String
        let tokenLine: String?
        let tokenWarning: Bool
    }

    let summary: String
    /// Whether no workspace has an incident or work waiting (the summary's colour).
    let allWell: Bool
    let generatedAt: String
    let timeZone: String
    let rows: [Row]
    let o: OverviewStrings

    init(_ rows: [WorkspaceOverviewRow], now: Date, display: Display) {
        let t = display.strings, o = OverviewStrings.forLanguage(display.language), format = display.formatting
        self.o = o
        let sorted = WorkspaceOverviewRow.worstFirst(rows)
        summary = o.summary(rows.count, rows.filter { !$0.openIncidents.isEmpty || !$0.availability.isServed }.count,
                            rows.filter { $0.waiting > 0 }.count)
        allWell = rows.allSatisfy(\.isHealthy)
        generatedAt = format.time(Timestamp.format(now))
        timeZone = format.zoneName
        self.rows = sorted.map { row in
            let incidents = row.openIncidents.map { incident in
                IncidentLine(heading: o.incidentOn(t.sideName(incident.side.rawValue)), summary: incident.summary,
                         since: "\(t.stoppedSince) \(format.time(incident.openedAt))")
            }
            let sync = row.lastSyncAt
            let depth = row.queueDepth
            let oldest = row.oldestDueQueuedAt == nil ? nil : o.duration(row.oldestDueAge)
            var tokenLine: String?
            switch row.refreshToken {
            case .none: tokenLine = nil
            case .unknown: tokenLine = o.tokenUnknown
            case .expires(_, let at):
                let days = Int((at.timeIntervalSince(now) / 86_400).rounded(.down))
                tokenLine = o.tokenExpires(format.time(Timestamp.format(at)), days)
            }
            var unavailable: IncidentLine?
            var hasPage = true
            switch row.availability {
            case .served: break
            case .notServed(let problems):
                hasPage = false
                unavailable = IncidentLine(heading: o.notServed, summary: problems.joined(separator: " · "), since: o.notServedHint)
            case .unreadable(let problem):
                unavailable = IncidentLine(heading: o.unreadable, summary: problem, since: "")
            }
            return Row(id: row.workspace.rawValue, href: "/w/\(row.workspace.rawValue)/", hasPage: hasPage, unavailable: unavailable,
                       level: !row.openIncidents.isEmpty || unavailable != nil ? "incident" : row.waiting > 0 ? "waiting" : "ok",
                       healthy: row.openIncidents.isEmpty && unavailable == nil, incidents: incidents,
                       waitingLine: row.waiting > 0 ? o.waitingCount(row.waiting) : o.nothingWaiting, hasWaiting: row.waiting > 0,
                       lastSyncRelative: unavailable != nil ? o.unknown : sync.map { o.ago(now.timeIntervalSince($0)) } ?? o.neverSynced,
                       lastSyncAbsolute: sync.map { format.time(Timestamp.format($0)) },
                       queueLine: unavailable != nil ? o.unknown : depth == 0 ? o.queueEmpty : o.queueLine(depth, oldest),
                       tokenLine: tokenLine, tokenWarning: row.refreshToken.isClose(now: now))
        }
    }
}
