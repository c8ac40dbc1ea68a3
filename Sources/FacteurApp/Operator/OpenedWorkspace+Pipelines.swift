public import Foundation

extension OpenedWorkspace {
    /// Polls Qonto once for this workspace (`facteur sync`): the daemon's pipeline, health record
    /// and incident policy (status page, owner notice through the gateway's relay when it can be built).
    /// - Parameters:
    ///   - catalog: The gateway's catalog (for its relay).
    ///   - since: Re-read history from this date instead of the marker (a backfill or a rewind).
    ///   - progress: Receives one line per window.
    ///   - refreshFailed: Receives one line when the Pennylane mirror could not be refreshed.
    /// - Returns: The summary of every window.
    /// - Throws: ``ConfigurationError``, Qonto and store errors.
    public func pollOnce(in catalog: WorkspaceCatalog, since: Date?, progress: @escaping @Sendable (String) -> Void,
                         refreshFailed: @escaping @Sendable (String) -> Void) async throws -> SyncInvoices.Summary {
        let configuration = try effective()
        let desk = IncidentDesk.quiet(configuration: configuration, transport: try? catalog.relay(reusing: self), store: store)
        var poll = PollOnce(configuration: configuration, store: store, secrets: secretAccess, desk: desk)
        poll.since = since
        poll.threadName = "facteur-sync"
        poll.refreshFailed = refreshFailed
        poll.progress = progress
        return try await poll.run()
    }

    /// Sends every message of this workspace that is due now (`facteur deliver`) through the
    /// gateway's relay (a password stored with `facteur secret set smtp_password` in data_dir stands
    /// in for a missing smtp_password): the daemon's pipeline, health record and incident policy.
    /// - Throws: ``ConfigurationError``, ``StoreError`` (`.locked` when another process delivers).
    public func deliverDue(in catalog: WorkspaceCatalog) async throws -> DeliverDue.Outcome {
        let configuration = try effective()
        let relay = try catalog.relay(reusing: self)
        let desk = IncidentDesk.quiet(configuration: configuration, transport: relay, store: store)
        return try await DeliverDue(configuration: configuration, store: store, relay: relay, desk: desk).run()
    }
}
