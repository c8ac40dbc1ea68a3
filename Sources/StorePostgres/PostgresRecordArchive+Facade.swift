public import FacteurCore
public import FoundationEssentials
public import Store

extension PostgresRecordArchive: RecordArchive {
    /// Commits a window in one transaction; nothing is visible until it all is.
    public func commitWindow(forwarded: some Sequence<(NewOutboxMessage, QontoRecord)>, held: [QontoRecord],
                             marker: (key: String, value: String)?, retried: [RecordKey],
                             learned: [Counterparty], now: Date) throws(StoreError) -> QontoRecords.CommitResult {
        let forwarded = Array(forwarded)
        return try connection.bridge.wait(timeout: PostgresBridge.longOperation) {
            try await self.commitWindowAsync(forwarded: forwarded, held: held, marker: marker, retried: retried,
                                             learned: learned, now: now)
        }
    }

    /// What is known of a record's latest version and why it was decided so.
    public func facts(recordType: String, recordID: String) throws(StoreError) -> (facts: InvoiceFacts, explanation: String?) {
        try connection.bridge.wait { try await self.factsAsync(recordType: recordType, recordID: recordID) }
    }

    /// The facts of several records' latest versions, by record ID.
    public func facts(recordIDs: Set<String>) throws(StoreError) -> [String: InvoiceFacts] {
        try connection.bridge.wait { try await self.factsAsync(recordIDs: recordIDs) }
    }

    /// Whether this version of a record was already handled for good.
    public func contains(_ key: RecordKey, contentHash: String) throws(StoreError) -> Bool {
        try connection.bridge.wait { try await self.containsAsync(key, contentHash: contentHash) }
    }

    /// One version of a record, if it was seen.
    public func version(recordType: String, recordID: String, contentHash: String) throws(StoreError) -> QontoRecord? {
        try connection.bridge.wait { try await self.versionAsync(recordType: recordType, recordID: recordID, contentHash: contentHash) }
    }

    /// Records of a kind already forwarded with the same file or for these counterparties.
    public func forwarded(recordType: String, sha256: String?, counterpartyIDs: [String]) throws(StoreError) -> [QontoRecord] {
        try connection.bridge.wait {
            try await self.forwardedAsync(recordType: recordType, sha256: sha256, counterpartyIDs: counterpartyIDs)
        }
    }

    /// Held records waiting for a person, with their reasons (at most `limit`).
    public func pending(limit: Int) throws(StoreError) -> [QontoRecords.Pending] {
        try connection.bridge.wait { try await self.pendingAsync(limit: limit) }
    }

    /// Asks for a held record to be examined again at the next window; false when none is held.
    public func requestRetry(recordType: String, recordID: String, requestedBy: String, now: Date) throws(StoreError) -> Bool {
        try connection.bridge.wait {
            try await self.requestRetryAsync(recordType: recordType, recordID: recordID, requestedBy: requestedBy, now: now)
        }
    }

    /// The records a person asked to examine again.
    public func retryRequests() throws(StoreError) -> [RecordKey] {
        try connection.bridge.wait { try await self.retryRequestsAsync() }
    }

    /// Records held for a reason that may clear, last examined before `cutoff`.
    public func dueRetryableHolds(examinedBefore cutoff: Date, limit: Int) throws(StoreError) -> [RecordKey] {
        try connection.bridge.wait { try await self.dueRetryableHoldsAsync(examinedBefore: cutoff, limit: limit) }
    }
}
