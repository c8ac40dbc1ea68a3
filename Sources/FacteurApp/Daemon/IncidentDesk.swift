public import FacteurCore
public import Foundation
public import Logging
public import Store

/// Applies ``FailurePolicy`` and ``IncidentPolicy`` for the daemon: records failures and successes
/// per side, opens incidents, and mails the owner once per incident.
public struct IncidentDesk: Sendable {
    let store: any WorkspaceStore
    let notifier: OwnerNotifier
    let logger: Logger

    /// Creates the desk.
    /// - Parameters:
    ///   - configuration: For the owner's address and the relay.
    ///   - transport: The transport notices go through (the invoices' one).
    ///   - store: The workspace's store (its incidents; its owner, named in the notice, is its workspace's).
    ///   - logger: Where incidents are logged.
    public init(configuration: FacteurConfiguration, transport: (any MailTransport)?, store: any WorkspaceStore, logger: Logger) {
        self.store = store
        notifier = OwnerNotifier(configuration: configuration, transport: transport, store: store, workspace: store.workspace)
        self.logger = logger
    }

    /// Handles a failure of a side.
    /// - Returns: The policy's response (the caller stops its loop on `.stop`).
    /// - Throws: ``StoreError`` when the store cannot record it.
    @discardableResult
    public func failed(_ side: Side, _ signal: FailureSignal, message: String, now: Date) throws(StoreError) -> FailurePolicy.Response {
        let response = FailurePolicy.response(to: signal)
        let incidents = store.incidents
        switch response {
        case .stop(let stoppedSide, let remedy):
            let decision = IncidentPolicy.onStop(open: try incidents.open(stoppedSide))
            let incident = try incidents.record(stoppedSide, summary: message, remedy: remedy, now: now)
            switch decision {
            case .open, .notifyAgain:
                logger.error("\(side.rawValue) stopped: \(message)", metadata: ["incident": "\(incident.id)", "remedy": "\(remedy)"])
                try notifier.notify(incident, now: now)
                if let after = try incidents.open(stoppedSide), let error = after.notificationError {
                    logger.error("the owner could not be mailed about incident \(incident.id): \(error)")
                } else {
                    logger.notice("owner mailed about incident \(incident.id)")
                }
            case .alreadyNotified:
                logger.warning("\(side.rawValue) still stopped: \(message)", metadata: ["incident": "\(incident.id)"])
            }
        case .retry, .reject:
            try incidents.noteFailure(side, error: message, now: now)
            logger.warning("\(side.rawValue): \(message); will retry", metadata: ["side": "\(side.rawValue)"])
        case .none:
            break
        }
        return response
    }

    /// Records that a side answered, part of a run that may still fail (one committed polling
    /// window): its last success moves on, its incident stays open. Only ``succeeded(_:now:)``, for
    /// a whole run, resolves it; else a run whose later part fails would resolve the incident and
    /// open it again, mailing the owner at every run.
    public func progressed(_ side: Side, now: Date) throws(StoreError) {
        try store.incidents.noteProgress(side, now: now)
    }

    /// Mails the owner about each open incident whose notice has not gone out yet (deferred while
    /// the relay was stopped): called once the relay is known to deliver again, so no
    /// notice is silently dropped. Blocking (libcurl).
    public func sendDeferredNotices(now: Date) throws(StoreError) {
        for incident in try store.incidents.allOpen() where incident.notifiedAt == nil && incident.side != .smtp
            && incident.notificationError?.hasPrefix("deferred:") == true {
            try notifier.notify(incident, now: now)
            if let after = try store.incidents.open(incident.side), after.notifiedAt != nil {
                logger.notice("owner mailed about incident \(incident.id)")
            }
        }
    }

    /// Records a success of a side, resolving its incident if one was open.
    public func succeeded(_ side: Side, now: Date) throws(StoreError) {
        if let resolved = try store.incidents.noteSuccess(side, now: now) {
            logger.notice("\(side.rawValue) works again; incident \(resolved.id) resolved")
        }
    }
}
