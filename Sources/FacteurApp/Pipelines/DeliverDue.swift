import FacteurCore
import Foundation
public import Logging
public import Store

/// Delivers what is due in one workspace, through the gateway's relay, and records what that means
/// for the SMTP side in the workspace's ``IncidentDesk``: the one delivery pipeline, run by
/// `facteur deliver` and by the daemon's ``OutboxWorker`` alike.
///
/// When another workspace's pass already found the relay refusing our credentials (or TLS), this
/// one attempts nothing: it records the same stop in its own desk (its status page shows it, and
/// its messages' backoff is credited for the stop) and waits for the gateway's credentials to change.
public struct DeliverDue: Sendable {
    /// The workspace's configuration in effect (its data directory, the retry policy, `smtp_connections`).
    public let configuration: FacteurConfiguration
    /// The workspace's store.
    public let store: any WorkspaceStore
    /// The gateway's relay.
    public let relay: GatewayRelay
    /// Where the SMTP side's health and incidents go.
    public let desk: IncidentDesk
    /// Asked between messages: true ends the pass (a shutdown), leaving the rest due.
    public var shouldStop: @Sendable () -> Bool = { false }
    /// Where each attempt is logged, if anywhere.
    public var logger: Logger?

    /// Creates the pipeline for one workspace.
    public init(configuration: FacteurConfiguration, store: any WorkspaceStore, relay: GatewayRelay, desk: IncidentDesk) {
        self.configuration = configuration
        self.store = store
        self.relay = relay
        self.desk = desk
    }

    /// What a pass did.
    public struct Outcome: Sendable {
        /// The delivery summary (what `facteur deliver` prints).
        public var summary: DeliverOutbox.Summary
        /// The relay, for people (`smtp://relay.example.com:587 (STARTTLS)`), secret-free.
        public var transportName: String
        /// Whether the SMTP side is stopped until the gateway's credentials change.
        public var stopped: Bool
        /// The gateway's credentials fingerprint the pass ran with.
        public var fingerprint: String
    }

    /// Runs one pass on dedicated threads (libcurl blocks).
    /// - Throws: ``ConfigurationError`` or ``StoreError`` when the relay cannot be set up (before
    ///   any message is touched); ``StoreError`` `.locked` when another process delivers this workspace.
    public func run() async throws -> Outcome {
        let fingerprint = try relay.credentialsFingerprint()
        let transportName = try relay.transport().displayName
        let desk = self.desk
        if let stop = try relay.currentStop() {
            var summary = DeliverOutbox.Summary()
            summary.stopKind = stop.kind
            summary.stoppedBecause = stop.reason
            summary.notAttempted = try store.outbox.due(now: Date(), limit: 10_000).count
            let recorded = summary
            let stopped = try await BlockingThread.run { try desk.record(delivery: recorded) }
            return Outcome(summary: summary, transportName: transportName, stopped: stopped, fingerprint: fingerprint)
        }
        var delivery = DeliverOutbox(transport: relay.transport(for: configuration.dataDirectory), store: store,
                                     dataDirectory: configuration.dataDirectory,
                                     policy: configuration.retryPolicy, shouldStop: shouldStop)
        delivery.logger = logger
        delivery.connections = configuration.smtpConnections
        let summary = try await delivery.run()
        if let kind = summary.stopKind {
            relay.noteStop(GatewayRelay.Stop(kind: kind, reason: summary.stoppedBecause ?? "the SMTP relay refused us"),
                           fingerprint: fingerprint)
        }
        if summary.stopKind == nil, summary.sent > 0 { relay.noteWorking(fingerprint: fingerprint) }
        let relay = self.relay, store = self.store
        // Blocking: an owner's notice goes out through the relay.
        let stopped = try await BlockingThread.run {
            let stopped = try desk.record(delivery: summary)
            if !stopped, summary.stopKind == nil, try relay.isKnownWorking() {
                // A relay stop recorded here while this workspace had nothing to send ends with the
                // stop: the relay delivered with the credentials stored now, and nothing here is due.
                // Only a stop: a message deferred here keeps its failure on this workspace's page.
                if summary.attempted == 0, summary.notAttempted == 0, summary.lastTransientFailure == nil,
                   try store.incidents.open(.smtp) != nil {
                    try desk.succeeded(.smtp, now: Date())
                }
                // Owners' notices deferred while the relay was stopped go out now.
                try desk.sendDeferredNotices(now: Date())
            }
            return stopped
        }
        return Outcome(summary: summary, transportName: transportName, stopped: stopped, fingerprint: fingerprint)
    }
}
