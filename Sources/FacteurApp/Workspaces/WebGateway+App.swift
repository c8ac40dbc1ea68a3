public import FacteurCore
import Foundation
public import Store
public import Web

extension WebWorkspace {
    /// A workspace's pages over FacteurApp's use cases (``Web/WebActions/live(settings:pollWake:deliveryWake:)``).
    /// - Parameters:
    ///   - workspace: The workspace, opened.
    ///   - pollWake: Woken when one of its held records is to be fetched again.
    ///   - deliveryWake: Woken when one of its messages is queued again.
    public static func live(_ workspace: OpenedWorkspace, pollWake: Wakeup?, deliveryWake: Wakeup?) -> WebWorkspace {
        WebWorkspace(id: workspace.id, store: workspace.store,
                     actions: .live(settings: workspace.settings, pollWake: pollWake, deliveryWake: deliveryWake))
    }
}

extension WebGateway {
    /// The secret-store name of the token `/metrics` accepts as `Authorization: Bearer <token>`,
    /// kept in the gateway's store (`data_dir`): `facteur secret set metrics_token`.
    public static let metricsTokenSecret = "metrics_token"

    /// A gateway's pages over FacteurApp: each workspace's own pages, the overview rows read by
    /// ``WorkspaceOverview``, the metrics token from the gateway's secret store, and the gateway's
    /// page preferences.
    /// - Parameters:
    ///   - workspaces: The workspaces, opened, in any order.
    ///   - pages: Each workspace's pages (``WebWorkspace/live(_:pollWake:deliveryWake:)``), same order.
    ///   - gateway: The gateway's configuration (its language and time zone for the overview).
    ///   - gatewaySecrets: The gateway's secret store (`data_dir`'s), which holds `metrics_token`.
    ///   - qontoRequests: The process's Qonto request totals per workspace (the request budget's
    ///     counts); zeros until it is wired.
    ///   - notServed: The workspaces skipped at start and why: listed first on the overview and in
    ///     `/metrics`, without pages.
    public static func live(workspaces: [OpenedWorkspace], pages: [WebWorkspace], gateway: FacteurConfiguration,
                            gatewaySecrets: SecretStore,
                            qontoRequests: @escaping @Sendable () -> QontoRequestTotals = { QontoRequestTotals() },
                            notServed: [WorkspaceID: [String]] = [:]) -> WebGateway {
        let overview = WorkspaceOverview(workspaces: workspaces, notServed: notServed)
        return WebGateway(workspaces: pages,
                          overview: { now in overview.rows(now: now) },
                          qontoRequests: qontoRequests,
                          metricsToken: { try gatewaySecrets.value(name: metricsTokenSecret) },
                          preferences: { gateway.pages.preferences }, notServed: Array(notServed.keys))
    }
}
