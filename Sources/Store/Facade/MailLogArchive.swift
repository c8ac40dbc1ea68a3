public import FacteurCore
public import FoundationEssentials

/// One workspace's hash-chained mail log as it is read and checked (rows are appended by the
/// outbox's own transactions). ``MailLog`` is the SQLite implementation.
public protocol MailLogArchive: Sendable {
    /// The rows in a time range (`since` inclusive, `until` exclusive).
    func entries(since: Date?, until: Date?) throws(StoreError) -> [MailLogEntry]
    /// The last row's seq and hash, or nil when the log is empty.
    func head() throws(StoreError) -> (seq: Int64, hash: String)?
    /// Recomputes the chain and checks seals and guards.
    func verify() throws(StoreError) -> MailLogVerification
    /// Verifies, and checks that an exported head is still there unchanged.
    func verify(expectingHead seq: Int64, hash: String) throws(StoreError) -> MailLogVerification
    /// Checks the append-only guards, restoring them (and logging an alert) when they were dropped.
    func checkGuards(now: Date) throws(StoreError)
}

extension MailLog: MailLogArchive {}
