public import FacteurCore
public import Foundation
public import QontoAPI
public import Store
import Logging

extension IncidentDesk {
    /// A desk for the one-shot commands (`sync`, `deliver`): it records and notifies like the
    /// daemon's, and logs nothing (the commands print their own lines).
    public static func quiet(configuration: FacteurConfiguration, transport: (any MailTransport)?,
                             store: any WorkspaceStore) -> IncidentDesk {
        IncidentDesk(configuration: configuration, transport: transport, store: store,
                     logger: Logger(label: "facteur", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    /// Records what a delivery run means for the SMTP side (daemon and `facteur deliver` alike).
    /// - Returns: True when an auth or TLS failure stopped the run (the side is stopped).
    @discardableResult
    public func record(delivery summary: DeliverOutbox.Summary, now: Date = Date()) throws(StoreError) -> Bool {
        if let kind = summary.stopKind {
            let response = try failed(.smtp, .smtp(kind), message: summary.stoppedBecause ?? "the SMTP relay refused us", now: now)
            if case .stop = response { return true }
        } else if summary.sent > 0 {
            try succeeded(.smtp, now: now)
        } else if let failure = summary.lastTransientFailure {
            try failed(.smtp, .smtp(.transient), message: failure, now: now)
        }
        return false
    }

    /// Records what a failed polling window means for the Qonto side (daemon and `facteur sync`).
    /// - Returns: True when it stopped the side (credentials).
    @discardableResult
    public func record(pollFailure error: QontoError, now: Date = Date()) throws(StoreError) -> Bool {
        if case .stop = try failed(.qonto, error.failureSignal, message: error.message, now: now) { return true }
        return false
    }
}
