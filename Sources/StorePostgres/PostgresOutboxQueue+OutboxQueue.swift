public import FacteurCore
public import FoundationEssentials
public import Store

/// The synchronous façade over the async engine: each operation runs on the connection's bridge
/// (its own threads) while the caller's thread waits, as a GRDB call would.
extension PostgresOutboxQueue: OutboxQueue {
    /// A third of ``leaseDuration``: three renewals may fail before another process may take the
    /// message over.
    public var leaseRenewal: Duration? {
        .milliseconds(Int64((leaseDuration * 1000 / 3).rounded()))
    }

    /// Adds a composed message, idempotently on (record ID, record type, content hash), even when
    /// several processes enqueue the same record at once; notifies ``notificationChannel``.
    public func enqueue(_ new: NewOutboxMessage, now: Date) throws(StoreError) -> OutboxRepository.EnqueueOutcome {
        try connection.bridge.wait { try await self.enqueueAsync(new, now: now) }
    }

    /// Messages due for an attempt now, oldest due first.
    public func due(now: Date, limit: Int) throws(StoreError) -> [OutboxMessage] {
        try connection.bridge.wait { try await self.dueAsync(now: now, limit: limit) }
    }

    /// Claims a due message under this process's lease; nil when another process holds it, it is
    /// no longer due, or another version of its record is being sent.
    public func beginAttempt(id: Int64, now: Date) throws(StoreError) -> OutboxMessage? {
        try connection.bridge.wait { try await self.beginAttemptAsync(id: id, now: now) }
    }

    /// Extends this process's lease on a message it is sending.
    /// - Throws: ``Store/StoreError`` `.leaseLost` when another process took it over.
    public func renewLease(id: Int64, now: Date) throws(StoreError) {
        try connection.bridge.wait { try await self.renewLeaseAsync(id: id, now: now) }
    }

    /// Records that the message data is being handed to the server, and renews the lease.
    /// - Throws: ``Store/StoreError`` `.leaseLost`: the caller must not send it.
    public func markDataStarted(id: Int64, now: Date) throws(StoreError) {
        try connection.bridge.wait { try await self.markDataStartedAsync(id: id, now: now) }
    }

    /// Applies an attempt's outcome, ends the lease and appends it to the mail log.
    /// - Throws: ``Store/StoreError`` `.leaseLost` when another process took the message over.
    @discardableResult
    public func finishAttempt(id: Int64, result: DeliveryResult, transition: OutboxTransition,
                              now: Date) throws(StoreError) -> OutboxMessage {
        try connection.bridge.wait {
            try await self.finishAttemptAsync(id: id, result: result, transition: transition, now: now)
        }
    }

    /// Applies an attempt's outcome and begins the next message, in one transaction.
    public func finishAttempt(id: Int64, result: DeliveryResult, transition: OutboxTransition, now: Date,
                              beginning next: Int64?) throws(StoreError) -> (finished: OutboxMessage, begun: OutboxMessage?) {
        try connection.bridge.wait {
            try await self.finishAttemptAsync(id: id, result: result, transition: transition, now: now, beginning: next)
        }
    }

    /// Gives back an attempt whose data never started (nothing changes once it started).
    /// - Throws: ``Store/StoreError`` `.leaseLost` when the message is no longer this process's.
    public func releaseAttempt(_ before: OutboxMessage, now: Date) throws(StoreError) {
        try connection.bridge.wait { try await self.releaseAttemptAsync(before, now: now) }
    }

    /// Settles messages whose lease expired while `sending`; safe while other processes deliver.
    public func recoverInterrupted(now: Date) throws(StoreError) -> [OutboxMessage] {
        try connection.bridge.wait { try await self.recoverInterruptedAsync(now: now) }
    }

    /// The recorded stops of delivery, the one under way included.
    public func deliveryStops() throws(StoreError) -> [DeliveryStop] {
        try connection.bridge.wait { try await self.deliveryStopsAsync() }
    }

    /// How many messages a stop paused.
    public func pausedByStop() throws(StoreError) -> Int {
        try connection.bridge.wait { try await self.pausedByStopAsync() }
    }

    /// When the next deliverable message is due (empty when now), or nil when none waits.
    public func nextAttemptAt() throws(StoreError) -> String? {
        try connection.bridge.wait { try await self.nextAttemptAtAsync() }
    }

    /// When the oldest message due now (or being sent) was queued, or nil.
    public func oldestDueQueuedAt(now: Date) throws(StoreError) -> Date? {
        try connection.bridge.wait { try await self.oldestDueQueuedAtAsync(now: now) }
    }

    /// Messages, newest first, optionally in one state.
    public func list(state: OutboxState?, limit: Int?) throws(StoreError) -> [OutboxMessage] {
        try connection.bridge.wait { try await self.listAsync(state: state, limit: limit) }
    }

    /// One message by outbox ID (`.notFound` when none).
    public func message(id: Int64) throws(StoreError) -> OutboxMessage {
        try connection.bridge.wait { try await self.messageAsync(id: id) }
    }

    /// Every message of a record, oldest first.
    public func messages(recordID: String) throws(StoreError) -> [OutboxMessage] {
        try connection.bridge.wait { try await self.messagesAsync(recordID: recordID) }
    }

    /// Counts per state.
    public func counts() throws(StoreError) -> [OutboxState: Int] {
        try connection.bridge.wait { try await self.countsAsync() }
    }

    /// Records that a failed or held message now goes to a corrected inbox.
    public func readdress(id: Int64, recipient: String, size: Int64, reason: String, now: Date) throws(StoreError) {
        try connection.bridge.wait {
            try await self.readdressAsync(id: id, recipient: recipient, size: size, reason: reason, now: now)
        }
    }

    /// Moves failed or held messages back to `queued` with a fresh budget, logging who asked.
    public func resend(ids: [Int64], reason: String, now: Date) throws(StoreError) -> [OutboxMessage] {
        try connection.bridge.wait { try await self.resendAsync(ids: ids, reason: reason, now: now) }
    }
}

