public import FacteurCore
public import Foundation
import Store

/// `facteur resend`: moves failed or held messages back to the queue with a fresh attempt budget,
/// or releases a held record that never became a message, through the same path as the status
/// page's Retry (a corrected inbox re-addresses the message).
public struct ResendMessages: Sendable {
    /// Which messages to resend.
    public enum Selection: Sendable, Hashable {
        /// These outbox IDs.
        case ids([Int64])
        /// Every failed or held message of one Qonto record, or the held record itself.
        case record(String)
        /// Every failed message a person has not dismissed.
        case allFailed
    }

    /// What a resend did.
    public enum Outcome: Sendable, Hashable {
        /// These messages are queued again (none when nothing was failed).
        case requeued([OutboxMessage])
        /// A held record with no message was released, for each of these record types: the next
        /// sync fetches it from Qonto again and examines it as new.
        case released(recordID: String, types: [String])
    }

    /// The workspace.
    public let workspace: OpenedWorkspace
    /// Logged with each resend (e.g. "facteur resend by root").
    public let requestedBy: String
    /// Whether a running `facteur run` serves the workspace (it then sends within a minute).
    public let serviceRunning: Bool

    /// A resend in a workspace of a catalog.
    public init(workspace: OpenedWorkspace, in catalog: WorkspaceCatalog, requestedBy: String) {
        self.workspace = workspace
        self.requestedBy = requestedBy
        // `facteur run` holds the workspace's lock, or data_dir's when it serves every workspace.
        serviceRunning = ServiceLock.isHeldByService(dataDirectory: workspace.base.dataDirectory)
            || ServiceLock.isHeldByService(dataDirectory: catalog.gateway.dataDirectory)
    }

    /// Resends the selection.
    /// - Throws: ``AppError`` `.notFound` or `.refused` for a record with nothing to resend;
    ///   ``StoreError`` `.notFound` or `.invalidState` for an ID; ``ConfigurationError``.
    public func run(_ selection: Selection, now: Date) throws -> Outcome {
        let store = workspace.store
        let outbox = store.outbox
        let retry = RetryProblem(configuration: try workspace.effective(), store: store, requestedBy: requestedBy)
        var targets: [Int64] = []
        switch selection {
        case .ids(let ids):
            targets = ids
        case .record(let recordID):
            let messages = try outbox.messages(recordID: recordID)
            targets = messages.filter { $0.state.isResendable }.map(\.id)
            if targets.isEmpty {
                let released = try retry.releaseRecord(id: recordID, now: now)
                if !released.isEmpty { return .released(recordID: recordID, types: released) }
                guard !messages.isEmpty else {
                    throw AppError(.notFound, "no outbox message and no held record for Qonto ID \(recordID)")
                }
                let states = messages.map { "#\($0.id) \($0.state.rawValue)" }.joined(separator: ", ")
                throw AppError(.refused, "nothing to resend for Qonto ID \(recordID): \(states) (only failed or held messages can be resent)")
            }
        case .allFailed:
            // What a person dismissed stays set aside; `resend ID` sends one of them on purpose.
            let dismissals = store.dismissals
            targets = try outbox.list(state: .failed).filter {
                try !dismissals.isDismissed(recordType: $0.recordType, recordID: $0.recordID, contentHash: $0.contentHash)
            }.map(\.id)
        }
        return .requeued(targets.isEmpty ? [] : try retry.requeue(ids: targets, now: now))
    }
}
