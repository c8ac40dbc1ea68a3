import Curl
import FacteurCore
public import Foundation
public import Logging
public import QontoAPI
public import Store

/// Polls one workspace's Qonto organisation once: opens its Qonto connection, refreshes its
/// Pennylane mirror (when a token is set), runs the windows up to now and records Qonto's health
/// and incidents in the workspace's ``IncidentDesk``. The one polling pipeline, run by
/// `facteur sync` and by the daemon's ``PollingService`` alike.
///
/// Each committed window counts as Qonto answering (its last success moves on, an open incident
/// stays open); only a whole run that succeeded resolves the incident. A Qonto failure is recorded
/// (an authentication failure opens an incident and mails the workspace's owner once) and thrown.
public struct PollOnce: Sendable {
    /// The workspace's configuration in effect.
    public let configuration: FacteurConfiguration
    /// The workspace's store.
    public let store: any WorkspaceStore
    /// The workspace's secrets (Qonto key or OAuth tokens, Pennylane token).
    public let secrets: SecretAccess
    /// Where Qonto's health and incidents go.
    public let desk: IncidentDesk
    /// Start here instead of at the markers (`facteur sync --since`, a backfill or a rewind).
    public var since: Date?
    /// Asked between records: true abandons the window in progress (``SyncStopped``).
    public var shouldStop: @Sendable () -> Bool = { false }
    /// Where each queued and held record is logged, if anywhere.
    public var logger: Logger?
    /// Receives one line per committed window.
    public var progress: @Sendable (String) -> Void = { _ in }
    /// Receives one line when the Pennylane mirror could not be refreshed (the windows then match
    /// against the last mirror).
    public var refreshFailed: @Sendable (String) -> Void = { _ in }
    /// Called on the poll's thread after each committed window and after its health is recorded
    /// (the daemon wakes the workspace's outbox worker there).
    public var windowCommitted: @Sendable (SyncInvoices.Summary) -> Void = { _ in }
    /// The name of the poll's thread, for `top -H` and debuggers.
    public var threadName = "facteur-poll"

    /// Creates the pipeline.
    /// - Parameters:
    ///   - configuration: The workspace's configuration in effect.
    ///   - store: Its store.
    ///   - secrets: Its secrets.
    ///   - desk: Its incident desk.
    public init(configuration: FacteurConfiguration, store: any WorkspaceStore, secrets: SecretAccess, desk: IncidentDesk) {
        self.configuration = configuration
        self.store = store
        self.secrets = secrets
        self.desk = desk
    }

    /// Runs the poll on a dedicated thread (libcurl blocks), so one workspace's long backfill
    /// never holds a thread another workspace's poll needs.
    /// - Returns: What the windows did.
    /// - Throws: ``QontoError`` (recorded first), ``SyncStopped``, ``ConfigurationError``, ``StoreError``.
    public func run() async throws -> SyncInvoices.Summary {
        let configuration = configuration, store = store, secrets = secrets, desk = desk
        let since = since, shouldStop = shouldStop, logger = logger, progress = progress
        let refreshFailed = refreshFailed, windowCommitted = windowCommitted
        do {
            let summary = try await CurlWorker.run(name: threadName) {
                let client = try QontoConnection.client(configuration, secret: secrets.read, saveSecret: secrets.write)
                _ = RefreshDirectory.refreshIfConfigured(configuration, store: store, secret: secrets.read, report: refreshFailed)
                var sync = SyncInvoices(configuration: configuration, store: store, shouldStop: shouldStop)
                sync.logger = logger
                sync.windowCommitted = { summary in
                    do { try desk.progressed(.qonto, now: Date()) } catch { logger?.error("cannot record Qonto's health: \(error)") }
                    windowCommitted(summary)
                }
                return try sync.runBlocking(client: client, since: since, progress: progress)
            }
            try desk.succeeded(.qonto, now: Date())
            return summary
        } catch let error as QontoError {
            // Blocking: the owner's notice goes out through the relay.
            _ = try await BlockingThread.run { try desk.record(pollFailure: error) }
            throw error
        }
    }

    /// Whether a Qonto failure stops polling until the workspace's credentials change (as the
    /// failure policy decides: refused or revoked credentials), rather than waiting for the next poll.
    public static func stopsPolling(_ error: QontoError) -> Bool {
        if case .stop = FailurePolicy.response(to: error.failureSignal) { return true }
        return false
    }
}
