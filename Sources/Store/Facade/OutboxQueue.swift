public import FacteurCore
public import FoundationEssentials

/// The durable outbox queue of one workspace, as delivery, retries and the pages use it: queue a
/// composed message, pick what is due, begin an attempt, record that its data started, finish it,
/// give it back, recover what a dead process left in flight, resend.
///
/// Every state change and its mail-log row are one transaction, so the log and the queue never
/// disagree. ``OutboxRepository`` is the SQLite implementation; a PostgreSQL one claims with
/// `SKIP LOCKED` and a lease behind the same operations.
public protocol OutboxQueue: Sendable {
    /// Adds a composed message, idempotently on (record ID, record type, content hash).
    func enqueue(_ new: NewOutboxMessage, now: Date) throws(StoreError) -> OutboxRepository.EnqueueOutcome
    /// Messages due for an attempt now, oldest due first.
    func due(now: Date, limit: Int) throws(StoreError) -> [OutboxMessage]
    /// Marks a due message `sending` before the transport touches it; nil when another took it.
    func beginAttempt(id: Int64, now: Date) throws(StoreError) -> OutboxMessage?
    /// Records that the message data is being handed to the server (a crash from here is `unknown`).
    func markDataStarted(id: Int64, now: Date) throws(StoreError)
    /// Applies an attempt's outcome and appends it to the mail log.
    @discardableResult
    func finishAttempt(id: Int64, result: DeliveryResult, transition: OutboxTransition,
                       now: Date) throws(StoreError) -> OutboxMessage
    /// Finishes an attempt and begins the next message in one commit.
    func finishAttempt(id: Int64, result: DeliveryResult, transition: OutboxTransition, now: Date,
                       beginning next: Int64?) throws(StoreError) -> (finished: OutboxMessage, begun: OutboxMessage?)
    /// Gives back an attempt whose data never started: the message returns to the state it had.
    func releaseAttempt(_ before: OutboxMessage, now: Date) throws(StoreError)
    /// Settles messages a dead process left `sending` (call only while holding the delivery lock).
    func recoverInterrupted(now: Date) throws(StoreError) -> [OutboxMessage]
    /// The recorded stops of delivery, whose time is not charged to any message's lifetime.
    func deliveryStops() throws(StoreError) -> [DeliveryStop]
    /// How many messages a stop paused (due as soon as delivery resumes).
    func pausedByStop() throws(StoreError) -> Int
    /// When the next deliverable message is due (empty when now), or nil when none waits.
    func nextAttemptAt() throws(StoreError) -> String?
    /// When the oldest message due now was queued, or nil.
    func oldestDueQueuedAt(now: Date) throws(StoreError) -> Date?
    /// Messages, newest first, optionally in one state.
    func list(state: OutboxState?, limit: Int?) throws(StoreError) -> [OutboxMessage]
    /// One message by outbox ID (`.notFound` when none).
    func message(id: Int64) throws(StoreError) -> OutboxMessage
    /// Every message of a record, oldest first.
    func messages(recordID: String) throws(StoreError) -> [OutboxMessage]
    /// Counts per state.
    func counts() throws(StoreError) -> [OutboxState: Int]
    /// Records that a failed or held message now goes to a corrected inbox.
    func readdress(id: Int64, recipient: String, size: Int64, reason: String, now: Date) throws(StoreError)
    /// Moves failed or held messages back to `queued` with a fresh budget, logging who asked.
    func resend(ids: [Int64], reason: String, now: Date) throws(StoreError) -> [OutboxMessage]
    /// How often delivery must call ``renewLease(id:now:)`` while a begun message is being sent,
    /// or nil when the queue holds no leases. A queue shared by several processes holds each
    /// `sending` message under a lease that expires, so that a dead process's message is taken
    /// over; a live process renews it for as long as its SMTP session lasts.
    var leaseRenewal: Duration? { get }
    /// Extends the lease this process holds on a `sending` message.
    /// - Throws: ``StoreError`` when the lease was lost (another process took the message over).
    func renewLease(id: Int64, now: Date) throws(StoreError)
}

extension OutboxQueue {
    /// Messages due for an attempt now, oldest due first (at most 1 000).
    public func due(now: Date) throws(StoreError) -> [OutboxMessage] { try due(now: now, limit: 1000) }

    /// Every message, newest first.
    public func list() throws(StoreError) -> [OutboxMessage] { try list(state: nil, limit: nil) }

    /// Every message in one state, newest first.
    public func list(state: OutboxState?) throws(StoreError) -> [OutboxMessage] { try list(state: state, limit: nil) }
}

extension OutboxRepository: OutboxQueue {
    /// None: a SQLite queue is delivered by one process at a time, which holds the data
    /// directory's lock for as long as it lives (the kernel frees it when the process dies).
    public var leaseRenewal: Duration? { nil }

    /// Nothing to renew (see ``leaseRenewal``).
    public func renewLease(id: Int64, now: Date) throws(StoreError) {}
}
