import FacteurCore
import Logging
import ServiceLifecycle
import Store

/// One workspace's part of `facteur run`: its settings, its incident desk (its own owner, mailed
/// once per incident), its poller and its outbox worker, with the wakeups between them.
///
/// Each workspace polls on its own task and its own thread, so one company's three-year backfill
/// never delays another's fifteen-minute poll, and a Qonto authentication stop halts only that
/// company's poller. Deliveries share the gateway's relay (``GatewayRelay``) and its fair limit.
struct WorkspaceServices {
    /// The workspace, opened.
    let workspace: OpenedWorkspace
    /// The workspace's settings-page overrides over its configuration.
    let settings: EditableSettings
    /// Signalled to poll now (Retry on the status page).
    let pollWake = Wakeup()
    /// Signalled when messages may be due (a window's end, Retry).
    let deliveryWake = Wakeup()
    /// The poller and the worker, for the service group.
    let services: [any Service]

    /// Builds a served workspace's services.
    /// - Parameters:
    ///   - served: The workspace, opened and checked.
    ///   - relay: The gateway's relay.
    ///   - logger: The daemon's logger (each line gets the workspace's name as metadata).
    init(_ served: ServedWorkspaces.Ready, relay: GatewayRelay, logger: Logger) {
        let workspace = served.workspace
        self.workspace = workspace
        var logger = logger
        logger[metadataKey: "workspace"] = "\(workspace.id)"
        settings = workspace.settings
        let desk = IncidentDesk(configuration: served.configuration, transport: relay, store: workspace.store, logger: logger)
        var poller = PollingService(settings: settings, secrets: workspace.secretAccess, desk: desk, wake: pollWake,
                                    windowEnded: deliveryWake, logger: logger)
        poller.threadName = "facteur-poll-\(workspace.id)"
        let worker = OutboxWorker(settings: settings, relay: relay, desk: desk, wake: deliveryWake, logger: logger)
        services = [poller, worker]
    }
}
