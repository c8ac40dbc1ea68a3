public import FacteurCore
public import Foundation
import Store

/// The gateway's overview and `/metrics`: one ``FacteurCore/WorkspaceOverviewRow`` per workspace,
/// read from its own store at the time asked (nothing cached, so the figures are exact after a
/// restart and whoever changed the store last).
public struct WorkspaceOverview: Sendable {
    /// The workspaces, opened.
    public let workspaces: [OpenedWorkspace]
    /// The workspaces `facteur run` skipped at start, each with its problems (one line each).
    public let notServed: [WorkspaceID: [String]]

    /// Creates the use case.
    /// - Parameters:
    ///   - workspaces: The workspaces served.
    ///   - notServed: The workspaces skipped at start and why (``ServedWorkspaces``' problems).
    public init(workspaces: [OpenedWorkspace], notServed: [WorkspaceID: [String]] = [:]) {
        self.workspaces = workspaces
        self.notServed = notServed
    }

    /// Every workspace's row, served ones in the order given, then the skipped ones (the page sorts
    /// them worst first). A workspace whose store cannot be read gets a row that says so: one
    /// company's broken database never hides the others.
    public func rows(now: Date = Date()) -> [WorkspaceOverviewRow] {
        let served = workspaces.map { workspace in
            do {
                return try Self.row(of: workspace, now: now)
            } catch {
                return .unavailable(workspace.id, .unreadable("\(error)"), readAt: now)
            }
        }
        let skipped = notServed.keys.sorted().map { id in
            WorkspaceOverviewRow.unavailable(id, .notServed(problems: notServed[id] ?? []), readAt: now)
        }
        return served + skipped
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
