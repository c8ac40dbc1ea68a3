import FacteurCore
import Hummingbird
import Store

/// The workspace a page request is about: its actions, its mail log, and the renderer that writes
/// its links under its prefix in its own language and time zone.
struct WorkspaceScope: Sendable {
    let id: WorkspaceID
    let actions: WebActions
    let log: any MailLogArchive
    let records: any RecordArchive
    let renderer: PageRenderer

    /// The prefix of its pages (`/w/acme`, or empty when `/` is its status page).
    var base: String { renderer.base }

    /// Its status page's path.
    var statusPath: String { base.isEmpty ? "/" : base + "/" }
}

/// Finds the workspace of a request: the only one for the unprefixed pages, or the one named by
/// the `/w/:workspace/` prefix.
struct WorkspaceDirectory: Sendable {
    /// Each workspace's scope under its `/w/<id>` prefix.
    let prefixed: [String: WorkspaceScope]
    /// The only workspace's scope for `/`, `/log`…, or nil when there are several.
    let unprefixed: WorkspaceScope?

    /// - Parameter several: Whether the gateway has several workspaces (served or not), so none
    ///   owns the unprefixed pages (``WebGateway/servesOverview``).
    init(workspaces: [WebWorkspace], several: Bool, renderer: PageRenderer) {
        var prefixed: [String: WorkspaceScope] = [:]
        for workspace in workspaces {
            prefixed[workspace.id.rawValue] = Self.scope(workspace, renderer: renderer, base: "/w/\(workspace.id.rawValue)",
                                                         named: several)
        }
        self.prefixed = prefixed
        unprefixed = several ? nil : workspaces.first.map { Self.scope($0, renderer: renderer, base: "", named: false) }
    }

    private static func scope(_ workspace: WebWorkspace, renderer: PageRenderer, base: String, named: Bool) -> WorkspaceScope {
        WorkspaceScope(id: workspace.id, actions: workspace.actions, log: workspace.store.mailLog,
                       records: workspace.store.records,
                       renderer: renderer.scoped(base: base, actionBase: "/w/\(workspace.id.rawValue)", workspaceName: named ? workspace.id.rawValue : nil,
                                                 preferences: workspace.actions.preferences))
    }

    /// The route prefixes and how each finds its scope: `/w/:workspace` always, and the bare
    /// paths when there is only one workspace.
    var mounts: [(prefix: String, scope: @Sendable (WebRequestContext) throws -> WorkspaceScope)] {
        let prefixed = self.prefixed
        var mounts: [(prefix: String, scope: @Sendable (WebRequestContext) throws -> WorkspaceScope)] = [
            ("/w/:workspace", { context in
                guard let name = context.parameters.get("workspace"), let scope = prefixed[name] else {
                    throw WebError(.notFound, "There is no such workspace on this gateway.")
                }
                return scope
            }),
        ]
        if let unprefixed { mounts.append(("", { _ in unprefixed })) }
        return mounts
    }
}
