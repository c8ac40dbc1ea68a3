import FacteurCore
import Logging
import Store

/// The workspaces `facteur run` serves, opened and checked at start: a workspace whose file does
/// not load or whose settings ``RunReadiness`` refuses is reported and skipped, so one broken
/// company never keeps the others from running. Each served workspace is locked for the whole run
/// where its store needs that (SQLite: its data directory, so a `facteur sync --workspace`
/// meanwhile is refused, not raced).
struct ServedWorkspaces {
    /// A workspace ready to serve.
    struct Ready {
        let workspace: OpenedWorkspace
        let configuration: FacteurConfiguration
        /// What keeps other processes from serving it meanwhile, where its engine needs that.
        let lock: any WorkspaceWorkLock
    }

    /// The workspaces to serve, `default` first when present.
    let ready: [Ready]
    /// The workspaces skipped, in the catalog's order, each with its problems (unnamed: the
    /// overview shows them in that workspace's row).
    let skipped: [(id: WorkspaceID, problems: [ConfigurationError])]
    /// Whether the gateway has more than `default` alone (problem lines then name their workspace).
    private let named: Bool

    /// The problems of the workspaces skipped, each naming its workspace (unless the gateway
    /// serves `default` alone: then the lines read as they always did).
    var problems: [ConfigurationError] {
        skipped.flatMap { id, found in
            found.map { named ? ConfigurationError(key: "workspace \(id): \($0.key)", $0.problem) : $0 }
        }
    }

    /// Opens and checks every workspace of the catalog.
    /// - Throws: ``StoreError`` `.locked` when another process works on the gateway's only workspace
    ///   (`default` alone; with several, an added workspace that is locked is skipped with a problem
    ///   line, so one company's long `facteur sync --workspace` never keeps the others from running —
    ///   `data_dir` itself, the workspace `default`, is locked by `facteur run` before this, so a
    ///   process working on `default` keeps it from starting); ``StoreError`` when `data_dir`'s
    ///   database cannot tell which workspaces exist.
    init(catalog: WorkspaceCatalog, gatewayDatabase: FacteurDatabase) throws {
        let ids = try catalog.workspaces()
        let named = ids != [.default]
        var ready: [Ready] = []
        var skipped: [(id: WorkspaceID, problems: [ConfigurationError])] = []
        func skip(_ id: WorkspaceID, _ found: [ConfigurationError]) { skipped.append((id, found)) }
        for id in ids {
            do {
                let workspace = try OpenedWorkspace(id, in: catalog, gatewayDatabase: gatewayDatabase)
                let lock = try workspace.store.lock(for: .serving)
                let configuration = try workspace.effective()
                let store = workspace.secrets
                let found = RunReadiness(configuration, parts: [.workspace], secret: { try store.value(name: $0) }).problems
                if found.isEmpty {
                    ready.append(Ready(workspace: workspace, configuration: configuration, lock: lock))
                } else {
                    skip(id, found)
                }
            } catch let error as ConfigurationError {
                skip(id, [error])
            } catch let error as StoreError where error.code == .locked && named {
                // A long `facteur sync --workspace` holds this one: the other companies run meanwhile.
                skip(id, [ConfigurationError(
                    key: "data_dir", "is in use by another facteur process (\(error)); it is served once that process ends and facteur run restarts")])
            } catch let error as StoreError where error.code != .locked {
                skip(id, [ConfigurationError(key: "data_dir", "cannot be opened: \(error)")])
            }
        }
        self.ready = ready
        self.skipped = skipped
        self.named = named
    }

    /// Logs each skipped workspace's problem (the served ones run meanwhile).
    func report(to logger: Logger) {
        for problem in problems {
            logger.error("workspace not served until it is fixed and facteur run restarted: \(problem.key): \(problem.problem)")
        }
    }
}
