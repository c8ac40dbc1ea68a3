public import FacteurCore
public import Foundation
public import Store

/// One company the pages serve: its name (the `/w/<id>/` prefix of its pages), its store (the mail
/// log, the records; whichever engine keeps them) and what its pages can ask of the application.
public struct WebWorkspace: Sendable {
    /// The workspace's name.
    public var id: WorkspaceID
    /// Its store: the pages read its mail log and records only through it.
    public var store: any WorkspaceStore
    /// Its pages' actions (health, retry, settings…), built by FacteurApp.
    public var actions: WebActions

    /// Creates a workspace entry.
    /// - Parameters:
    ///   - id: The workspace's name.
    ///   - store: Its store.
    ///   - actions: Its pages' actions.
    public init(id: WorkspaceID, store: any WorkspaceStore, actions: WebActions) {
        self.id = id
        self.store = store
        self.actions = actions
    }
}

/// Everything the pages of a gateway serve: its workspaces, and what only the gateway answers (the
/// overview rows, the Qonto request totals, the metrics token, the preferences of the pages that
/// belong to no workspace). FacteurApp builds it; Web never imports FacteurApp.
///
/// With one workspace, `/`, `/log`, `/settings`… are that workspace's pages, as in a
/// single-company release; with several, `/` is the overview. Each workspace's pages are also
/// under `/w/<id>/` in both cases.
public struct WebGateway: Sendable {
    /// The workspaces, in the order given (names must be distinct).
    public var workspaces: [WebWorkspace]
    /// The overview rows, one per workspace, read from each store at the time given (any order).
    public var overview: @Sendable (_ now: Date) async throws -> [WorkspaceOverviewRow]
    /// The process's Qonto request totals per workspace label, read at each scrape of `/metrics`.
    public var qontoRequests: @Sendable () -> QontoRequestTotals
    /// Reads the `metrics_token` secret (nil when none is set), at each scrape: a request to
    /// `/metrics` carrying `Authorization: Bearer <token>` is served without a session.
    public var metricsToken: @Sendable () throws -> String?
    /// The language and time zone of the pages no workspace owns (overview, login, errors).
    public var preferences: @Sendable () -> PagePreferences
    /// The workspaces not served (skipped at start): they have a row on the overview, no pages.
    public var notServed: [WorkspaceID]

    /// Creates a gateway.
    public init(workspaces: [WebWorkspace],
                overview: @escaping @Sendable (_ now: Date) async throws -> [WorkspaceOverviewRow],
                qontoRequests: @escaping @Sendable () -> QontoRequestTotals = { QontoRequestTotals() },
                metricsToken: @escaping @Sendable () throws -> String? = { nil },
                preferences: @escaping @Sendable () -> PagePreferences = { PagePreferences() },
                notServed: [WorkspaceID] = []) {
        self.workspaces = workspaces
        self.notServed = notServed
        self.overview = overview
        self.qontoRequests = qontoRequests
        self.metricsToken = metricsToken
        self.preferences = preferences
    }

    /// Whether `/` is the overview (several workspaces, served or not: a skipped one must be seen)
    /// rather than the only workspace's status page.
    public var servesOverview: Bool { workspaces.count + notServed.count != 1 }
}

extension WebGateway {
    /// A gateway of one workspace, `default`, as a single-company release serves it: its row from
    /// its health report and its outbox (the refresh token's expiry is not known here), no Qonto
    /// totals, no metrics token.
    static func single(actions: WebActions, store: any WorkspaceStore) -> WebGateway {
        WebGateway(workspaces: [WebWorkspace(id: .default, store: store, actions: actions)],
                   overview: { now in
                       [WorkspaceOverviewRow(workspace: .default, report: try await actions.health(), readAt: now,
                                             oldestDueQueuedAt: try store.outbox.oldestDueQueuedAt(now: now),
                                             refreshToken: .none)]
                   },
                   preferences: actions.preferences)
    }
}
