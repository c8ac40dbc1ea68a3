public import FacteurCore
public import Foundation
public import MIME
public import Store

/// The status page's Retry: re-validates and re-queues what a person has fixed.
///
/// - `outbox:<id>`: a failed or held message goes back to `queued` (the mail log records who asked)
///   once its composed file is checked to be there; if the Pennylane inbox of its kind was corrected
///   since it was composed (the usual fix for a 550 "mailbox unknown"), it is re-addressed first.
/// - `record:<type>:<qonto id>`: a held record is fetched from Qonto again and examined as new at
///   the next window (the poller is woken at once).
public struct RetryProblem: Sendable {
    /// The workspace's store.
    public let store: any WorkspaceStore
    /// The data directory (spool).
    public let dataDirectory: String
    /// Who asks, logged (e.g. "Retry on the status page").
    public let requestedBy: String
    /// The inboxes in effect now, by kind (a message to another address is re-addressed).
    public let inboxes: [InvoiceKind: EmailAddress]

    /// Creates the use case.
    /// - Parameter configuration: The configuration in effect (its data directory and inboxes).
    public init(configuration: FacteurConfiguration, store: any WorkspaceStore, requestedBy: String) {
        self.store = store
        dataDirectory = configuration.dataDirectory
        self.requestedBy = requestedBy
        var inboxes: [InvoiceKind: EmailAddress] = [:]
        inboxes[.supplier] = configuration.supplierInbox
        inboxes[.customer] = configuration.customerInbox
        self.inboxes = inboxes
    }

    /// What a retry did.
    public enum Outcome: Sendable, Hashable {
        /// A message was queued again.
        case requeued(outboxID: Int64)
        /// A record will be fetched again at the next window.
        case recordScheduled(recordType: String, recordID: String)
    }

    /// Queues failed or held messages again (`facteur resend` and the page's Retry alike): each is
    /// checked first (it exists, it may be resent, its composed file is in the spool), then any
    /// whose Pennylane inbox was corrected since it was composed is re-addressed, then all are
    /// queued, due now, with a fresh attempt budget (logged with who asked).
    /// - Returns: The re-queued messages.
    /// - Throws: ``AppError`` (`.refused` for a missing spool file), ``StoreError`` (`.notFound`,
    ///   `.invalidState`) before anything changes.
    public func requeue(ids: [Int64], now: Date) throws -> [OutboxMessage] {
        let outbox = store.outbox
        let messages = try ids.map { try outbox.message(id: $0) }
        if let blocked = messages.first(where: { !$0.state.isResendable }) {
            throw StoreError(.invalidState, "outbox #\(blocked.id) is \(blocked.state.rawValue); only failed or held messages can be resent")
        }
        for message in messages where !FileManager.default.fileExists(atPath: "\(dataDirectory)/\(message.spoolFile)") {
            throw AppError(.refused, "message \(message.id)'s composed file \(message.spoolFile) is missing from the spool; restore it from a backup first")
        }
        // A person sends it after all: it is no longer set aside (ended first, so that a crash in
        // between leaves it waiting for a person rather than queued and hidden).
        let dismissals = store.dismissals
        for message in messages {
            try dismissals.endAll(recordType: message.recordType, recordID: message.recordID, by: requestedBy, now: now)
        }
        for message in messages {
            guard let kind = InvoiceKind(qontoType: message.recordType), let inbox = inboxes[kind],
                  inbox.description != message.recipient else { continue }
            let size = try SpoolRewrite.readdress("\(dataDirectory)/\(message.spoolFile)", to: Mailbox(address: inbox))
            try outbox.readdress(id: message.id, recipient: inbox.description, size: size,
                                 reason: "\(requestedBy): the \(kind.rawValue) inbox is now \(inbox)", now: now)
        }
        return try outbox.resend(ids: ids, reason: requestedBy, now: now)
    }

    /// Asks for the held records of a Qonto ID (a record that could not become a mail, so it has
    /// no outbox message) to be fetched from Qonto again and examined as new at the next window.
    /// - Returns: The record types scheduled (empty when no held record has that ID).
    public func releaseRecord(id: String, now: Date) throws -> [String] {
        let records = store.records
        let dismissals = store.dismissals
        return try ["supplier_invoice", "client_invoice"].filter {
            let scheduled = try records.requestRetry(recordType: $0, recordID: id, requestedBy: requestedBy, now: now)
            if scheduled { try dismissals.endAll(recordType: $0, recordID: id, by: requestedBy, now: now) }
            return scheduled
        }
    }

    /// Carries out a retry.
    /// - Throws: ``AppError`` (`.notFound`, `.refused`) or ``StoreError`` with one line for the page.
    public func retry(_ target: String, now: Date) throws -> Outcome {
        let parts = target.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        switch parts.first {
        case "outbox":
            guard parts.count == 2, let id = Int64(parts[1]) else { throw AppError(.refused, "not a retry target: \(target)") }
            _ = try requeue(ids: [id], now: now)
            return .requeued(outboxID: id)
        case "record":
            guard parts.count == 3, ["supplier_invoice", "client_invoice"].contains(parts[1]), !parts[2].isEmpty else {
                throw AppError(.refused, "not a retry target: \(target)")
            }
            guard try store.records.requestRetry(recordType: parts[1], recordID: parts[2],
                                                                    requestedBy: requestedBy, now: now) else {
                throw AppError(.notFound, "no held \(parts[1]) \(parts[2])")
            }
            try store.dismissals.endAll(recordType: parts[1], recordID: parts[2], by: requestedBy, now: now)
            return .recordScheduled(recordType: parts[1], recordID: parts[2])
        default:
            throw AppError(.refused, "not a retry target: \(target)")
        }
    }
}
