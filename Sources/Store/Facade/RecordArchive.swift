public import FacteurCore
public import FoundationEssentials

/// The Qonto records one workspace has seen, and the end-of-window commit that makes a polling
/// window durable all at once (queued messages, record rows, learned counterparties and the
/// advanced marker in one transaction). ``QontoRecords`` is the SQLite implementation.
public protocol RecordArchive: Sendable {
    /// Commits a window in one transaction; nothing is visible until it all is.
    func commitWindow(forwarded: some Sequence<(NewOutboxMessage, QontoRecord)>, held: [QontoRecord],
                      marker: (key: String, value: String)?, retried: [RecordKey],
                      learned: [Counterparty], now: Date) throws(StoreError) -> QontoRecords.CommitResult
    /// What is known of a record's latest version (amount, counterparty, file…) and why it was decided so.
    func facts(recordType: String, recordID: String) throws(StoreError) -> (facts: InvoiceFacts, explanation: String?)
    /// The facts of several records' latest versions, by record ID.
    func facts(recordIDs: Set<String>) throws(StoreError) -> [String: InvoiceFacts]
    /// Whether this version of a record was already handled for good (forwarded, or held for a
    /// reason only a change of the record can clear).
    func contains(_ key: RecordKey, contentHash: String) throws(StoreError) -> Bool
    /// One version of a record, if it was seen.
    func version(recordType: String, recordID: String, contentHash: String) throws(StoreError) -> QontoRecord?
    /// Records of a kind already forwarded with the same file or for these counterparties (the
    /// duplicate check).
    func forwarded(recordType: String, sha256: String?, counterpartyIDs: [String]) throws(StoreError) -> [QontoRecord]
    /// Held records waiting for a person, with their reasons (at most `limit`).
    func pending(limit: Int) throws(StoreError) -> [QontoRecords.Pending]
    /// Asks for a held record to be examined again at the next window; false when none is held.
    func requestRetry(recordType: String, recordID: String, requestedBy: String, now: Date) throws(StoreError) -> Bool
    /// The records a person asked to examine again.
    func retryRequests() throws(StoreError) -> [RecordKey]
    /// Records held for a reason that may clear, last examined before `cutoff`.
    func dueRetryableHolds(examinedBefore cutoff: Date, limit: Int) throws(StoreError) -> [RecordKey]
}

extension RecordArchive {
    /// Held records waiting for a person (at most 500).
    public func pending() throws(StoreError) -> [QontoRecords.Pending] { try pending(limit: 500) }
}

extension QontoRecords: RecordArchive {}
