import FacteurCore
public import Foundation
public import Store

/// The status page's Dismiss: a person says a waiting problem is not an invoice (a Document Review
/// item, an XML file, a duplicate they handled by hand). It leaves the waiting list, is written to
/// the mail log with the person's reason, stays listed as dismissed, and can be undone.
///
/// Targets are the Retry targets (``Problem/retryTarget``): `outbox:<id>` for a failed or held
/// message, `record:<type>:<qonto id>` for a held record. Only the version shown is dismissed: a
/// changed record waits for a person again.
public struct DismissProblem: Sendable {
    /// The workspace's store.
    public let store: any WorkspaceStore
    /// Who asks, logged (e.g. "Dismiss on the status page").
    public let requestedBy: String

    /// The longest reason accepted, in characters.
    public static let maximumReasonLength = 300

    /// Creates the use case.
    public init(store: any WorkspaceStore, requestedBy: String) {
        self.store = store
        self.requestedBy = requestedBy
    }

    /// Dismisses a problem.
    /// - Returns: The record it covers, as (type, Qonto ID).
    /// - Throws: ``AppError`` `.refused` (no reason, a malformed target, a message that is not
    ///   waiting), `.notFound`; ``StoreError`` `.invalidState` when it is already dismissed.
    @discardableResult
    public func dismiss(_ target: String, reason: String, now: Date) throws -> (recordType: String, recordID: String) {
        let reason = reason.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        guard !reason.isEmpty else { throw AppError(.refused, "say why it is not an invoice: the reason is kept in the mail log") }
        guard reason.count <= Self.maximumReasonLength else {
            throw AppError(.refused, "the reason is longer than \(Self.maximumReasonLength) characters")
        }
        let subject = try self.subject(target)
        try store.dismissals.dismiss(subject, reason: reason, by: requestedBy, now: now)
        return (subject.recordType, subject.recordID)
    }

    /// Undoes a dismissal: the problem waits for a person again.
    /// - Throws: ``StoreError`` `.notFound` when there is no such active dismissal.
    @discardableResult
    public func undo(_ id: Int64, now: Date) throws -> (recordType: String, recordID: String) {
        try store.dismissals.undo(id: id, by: requestedBy, now: now)
    }

    /// The version a target names, checked to be waiting for a person.
    func subject(_ target: String) throws -> Dismissals.Subject {
        let parts = target.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        switch parts.first {
        case "outbox":
            guard parts.count == 2, let id = Int64(parts[1]) else { throw AppError(.refused, "not a problem to dismiss: \(target)") }
            let message = try store.outbox.message(id: id)
            // Not `unknown`: that message is still delivered (sent again with the same Message-ID).
            guard [.failed, .held].contains(message.state) else {
                throw AppError(.refused, "message \(id) is \(message.state.rawValue); only failed or held messages can be dismissed")
            }
            return Dismissals.Subject(recordType: message.recordType, recordID: message.recordID,
                                      contentHash: message.contentHash, outboxID: message.id)
        case "record":
            guard parts.count == 3, !parts[2].isEmpty else { throw AppError(.refused, "not a problem to dismiss: \(target)") }
            guard let pending = try store.records.pending().first(where: {
                $0.record.recordType == parts[1] && $0.record.recordID == parts[2]
            }) else {
                throw AppError(.notFound, "no held \(parts[1]) \(parts[2])")
            }
            return Dismissals.Subject(recordType: parts[1], recordID: parts[2], contentHash: pending.record.contentHash, outboxID: nil)
        default:
            throw AppError(.refused, "not a problem to dismiss: \(target)")
        }
    }
}
