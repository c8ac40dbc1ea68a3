import FacteurCore
import Foundation
import Prometheus

/// `/metrics` in the Prometheus text format, written with swift-prometheus from the overview rows
/// read at the scrape (so every figure is exact and survives a restart) and the process's Qonto
/// request totals. Every per-workspace series carries a `workspace` label.
///
/// | Series | Type | Meaning |
/// |---|---|---|
/// | `facteur_workspaces` | gauge | workspaces served |
/// | `facteur_workspace_available{workspace}` | gauge | 1: served and its store read; 0: skipped at start or unreadable (its other series are then absent) |
/// | `facteur_messages_forwarded{workspace}` | gauge | messages the relay accepted (outbox `sent`) |
/// | `facteur_messages_held{workspace}` | gauge | messages held for a person |
/// | `facteur_messages_failed{workspace}` | gauge | messages refused for good |
/// | `facteur_problems_waiting{workspace}` | gauge | what the status page lists as waiting |
/// | `facteur_queue_depth{workspace}` | gauge | messages still to send (queued, deferred, sending, unknown) |
/// | `facteur_oldest_due_message_age_seconds{workspace}` | gauge | how long the oldest due message has waited (0: none) |
/// | `facteur_open_incidents{workspace,side}` | gauge | open auth incidents, `side` = `qonto` or `smtp` |
/// | `facteur_last_sync_timestamp_seconds{workspace}` | gauge | Unix time of the last committed Qonto window (0: never) |
/// | `facteur_qonto_refresh_token_expiry_timestamp_seconds{workspace}` | gauge | when the OAuth refresh token expires (only when known) |
/// | `facteur_qonto_requests_total{workspace}` | counter | Qonto requests since the process started |
/// | `facteur_qonto_throttled_total{workspace}` | counter | of those, answered 429 |
enum MetricsExposition {
    /// The exposition's content type (text format 0.0.4).
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The text of one scrape.
    static func text(rows: [WorkspaceOverviewRow], qonto: QontoRequestTotals) -> String {
        let registry = PrometheusCollectorRegistry()
        func gauge(_ name: String, _ help: String, _ labels: [(String, String)], _ value: Double) {
            registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "facteur", metricName: name, unitName: "", helpText: help),
                               labels: labels).set(value)
        }
        func counter(_ name: String, _ help: String, _ labels: [(String, String)], _ value: Int) {
            registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "facteur", metricName: name, unitName: "", helpText: help),
                                 labels: labels).increment(by: Int64(max(0, value)))
        }
        gauge("workspaces", "Workspaces this gateway serves.", [], Double(rows.filter { !isSkipped($0) }.count))
        for row in rows.sorted(by: { $0.workspace < $1.workspace }) {
            let label = [("workspace", row.workspace.rawValue)]
            gauge("workspace_available", "1 when the workspace is served and its store was read; 0 when it was skipped at start or its store is unreadable.",
                  label, row.availability.isServed ? 1 : 0)
            // A workspace whose figures are unknown has no figures: a zero queue would be a lie.
            guard row.availability.isServed else { continue }
            gauge("messages_forwarded", "Messages the SMTP relay accepted (outbox state sent).", label, Double(row.outbox[.sent] ?? 0))
            gauge("messages_held", "Messages held for a person (outbox state held).", label, Double(row.outbox[.held] ?? 0))
            gauge("messages_failed", "Messages refused for good (outbox state failed).", label, Double(row.outbox[.failed] ?? 0))
            gauge("problems_waiting", "Problems waiting for a person on the status page.", label, Double(row.waiting))
            gauge("queue_depth", "Messages still to send: queued, deferred, sending or unknown.", label, Double(row.queueDepth))
            gauge("oldest_due_message_age_seconds", "Seconds the oldest message due now has waited since it was queued (0: none due).",
                  label, row.oldestDueAge.rounded(.down))
            for side in Side.allCases {
                gauge("open_incidents", "Open authentication incidents, by side (qonto or smtp).",
                      label + [("side", side.rawValue)], Double(row.openIncidents.filter { $0.side == side }.count))
            }
            gauge("last_sync_timestamp_seconds", "Unix time of the last committed Qonto poll window (0: never).",
                  label, (row.lastSyncAt?.timeIntervalSince1970 ?? 0).rounded(.down))
            if let expiry = row.refreshToken.expiresAt {
                gauge("qonto_refresh_token_expiry_timestamp_seconds", "Unix time the Qonto OAuth refresh token expires.",
                      label, expiry.timeIntervalSince1970.rounded(.down))
            }
        }
        // Every workspace gets its two Qonto series (zero before its first request), and a label
        // the budget knows but no row has (a workspace removed while running) keeps its own.
        let labels = Set(rows.map(\.workspace.rawValue)).union(qonto.requests.keys).union(qonto.throttled.keys)
        for label in labels.sorted() {
            counter("qonto_requests_total", "Qonto API requests this process sent.", [("workspace", label)], qonto.requests[label] ?? 0)
            counter("qonto_throttled_total", "Qonto API requests answered 429 Too Many Requests.", [("workspace", label)],
                    qonto.throttled[label] ?? 0)
        }
        return registry.emitToString()
    }

    /// Whether the row is of a workspace skipped at start (not served by this process).
    private static func isSkipped(_ row: WorkspaceOverviewRow) -> Bool {
        if case .notServed = row.availability { return true }
        return false
    }
}
