public import FacteurCore
public import Foundation
import Store

/// The gateway's overview and `/metrics`: one ``FacteurCore/WorkspaceOverviewRow`` per workspace,
/// read from its own store at the time asked (nothing cached, so the figures are exact after a
/// restart and whoever changed the store last).
public struct WorkspaceOverview: Sendable {
    /// The workspaces, opened.
    public let workspaces: [OpenedWorkspace]

    /// Creates the use case.
    public init(workspaces: [OpenedWorkspace]) {
        self.workspaces = workspaces
    }

    /// Every workspace's row, in the order given (the page sorts them worst first).
    /// - Throws: The first error of a workspace whose store cannot be read.
    public func rows(now: Date = Date()) throws -> [WorkspaceOverviewRow] {
        try workspaces.map { try Self.row(of: $0, now: now) }
    }

    /// One workspace's row: its status report (the same one its status page shows), its outbox
    /// counts, the oldest due message, its last committed Qonto window and, with OAuth, when its
    /// refresh token expires.
    /// - Throws: ``StoreError`` when its store cannot be read.
    public static func row(of workspace: OpenedWorkspace, now: Date) throws -> WorkspaceOverviewRow {
        let configuration = (try? workspace.effective()) ?? workspace.base
        let report = try StatusReport(configuration: configuration, store: workspace.store).build(now: now)
        return WorkspaceOverviewRow(workspace: workspace.id, report: report, readAt: now,
                                    oldestDueQueuedAt: try workspace.store.outbox.oldestDueQueuedAt(now: now),
                                    refreshToken: refreshToken(of: workspace, configuration: configuration))
    }

    /// When the workspace's Qonto OAuth refresh token expires: `.none` with an API key or when not
    /// connected, `.unknown` when the tokens carry no issue date or cannot be read.
    static func refreshToken(of workspace: OpenedWorkspace, configuration: FacteurConfiguration) -> RefreshTokenExpiry {
        guard case .oauth = configuration.qonto.authentication else { return .none }
        do {
            return QontoRefreshTokenDate.expiry(of: try workspace.secrets.value(name: QontoConnection.tokensSecret))
        } catch {
            return .unknown
        }
    }
}
