public import FacteurCore
public import Foundation
public import Store

extension OpenedWorkspace {
    /// The mail log's rows in a time range (`facteur audit`).
    /// - Throws: ``StoreError``.
    public func mailLogEntries(since: Date?, until: Date?) throws -> [MailLogEntry] {
        try store.mailLog.entries(since: since, until: until)
    }

    /// Verifies the mail log's chain, seals and triggers, and, when given, that an exported head is
    /// still there unchanged (`facteur audit --verify`).
    /// - Parameter head: A head printed by an earlier verification (row, SHA-256).
    /// - Throws: ``StoreError``.
    public func verifyMailLog(expectingHead head: (seq: Int64, hash: String)?) throws -> MailLogVerification {
        let log = store.mailLog
        guard let head else { return try log.verify() }
        return try log.verify(expectingHead: head.seq, hash: head.hash)
    }
}
