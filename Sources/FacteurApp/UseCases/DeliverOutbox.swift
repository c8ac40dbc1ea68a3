public import FacteurCore
public import FoundationEssentials
import Foundation
import MIME
public import Store
public import Logging

/// `facteur deliver` and the daemon's outbox worker: sends every due message, over ``connections``
/// transport sessions at once (one connection each, reused from message to message), applying the
/// retry policy and logging each attempt. An auth or TLS failure on any connection stops them all.
///
/// Order of durable writes per message (each committed before the next step; writes of several
/// connections arriving together share one commit, see `GroupCommit` in Store):
/// `sending` → (data handed over) `data_started_at` → outcome + mail-log row. A crash between any two
/// is settled by ``OutboxRepository/recoverInterrupted(now:)`` on the next run.
public struct DeliverOutbox: Sendable {
    /// The transport.
    public let transport: any MailTransport
    /// The workspace's store.
    public let store: any WorkspaceStore
    /// The data directory (the spool files the messages point at).
    public let dataDirectory: String
    /// The retry policy.
    public let policy: RetryPolicy
    /// The clock (a fixed one in tests).
    public let now: @Sendable () -> Date
    /// Jitter source in `0..<1`.
    public let jitter: @Sendable () -> Double
    /// Asked between messages: true stops the run (a shutdown), leaving the rest due.
    public let shouldStop: @Sendable () -> Bool
    /// Where each attempt is logged (with `qonto_id` and `message_id` metadata), if anywhere.
    public var logger: Logger?
    /// How many connections deliver at once (`smtp_connections`); 1 sends strictly in outbox order.
    public var connections = 1

    /// Creates the use case.
    public init(transport: any MailTransport, store: any WorkspaceStore, dataDirectory: String, policy: RetryPolicy,
                now: @escaping @Sendable () -> Date = { Date() },
                jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
                shouldStop: @escaping @Sendable () -> Bool = { false }) {
        self.transport = transport
        self.store = store
        self.dataDirectory = dataDirectory
        self.policy = policy
        self.now = now
        self.jitter = jitter
        self.shouldStop = shouldStop
    }

    /// What a run did.
    public struct Summary: Sendable, Codable, Hashable {
        /// Messages attempted.
        public var attempted = 0
        /// Resulting states, counted.
        public var sent = 0, deferred = 0, failed = 0, unknown = 0
        /// Messages found in `sending` from a crashed run and settled.
        public var recovered = 0
        /// Why the run stopped early (auth or TLS failure), if it did.
        public var stoppedBecause: String?
        /// Messages still due that were not attempted because the run stopped.
        public var notAttempted = 0
        /// The class of the failure that stopped the run (auth or TLS), if one did.
        public var stopKind: DeliveryResult.Kind?
        /// The last transient failure seen (server reply or connection error), if any.
        public var lastTransientFailure: String?
    }

    /// Delivers everything due over ``connections`` connections at once. Blocking: call it on a
    /// dedicated thread (``run()`` does); the extra connections get threads of their own.
    /// - Throws: ``StoreError`` (including `.locked` when another process is delivering).
    public func runBlocking() throws -> Summary {
        // The store says whether delivering needs a lock (SQLite: the data directory's).
        let lock = try store.lock(for: .delivering)
        defer { withExtendedLifetime(lock) {} }
        let outbox = store.outbox
        let recovered = try outbox.recoverInterrupted(now: now()).count
        let dispatch = DeliveryDispatch(outbox: outbox, now: now, shouldStop: shouldStop)
        let others = DispatchGroup()
        for number in 1..<max(connections, 1) {
            others.enter()
            let thread = Thread {
                defer { others.leave() }
                do { try lane(dispatch, outbox: outbox) } catch { dispatch.fail(error) }
            }
            thread.name = "facteur-delivery-\(number + 1)"
            thread.start()
        }
        do { try lane(dispatch, outbox: outbox) } catch { dispatch.fail(error) }
        others.wait()
        return try dispatch.result(recovered: recovered)
    }

    /// One connection's loop: takes messages from the dispatch until none is left for it.
    private func lane(_ dispatch: DeliveryDispatch, outbox: any OutboxQueue) throws {
        let session = transport.openSession()
        defer { session.close() }
        // The next message, already marked `sending` in the same commit as the previous outcome.
        var begun: (message: OutboxMessage, before: OutboxMessage)?
        defer { if let begun { try? outbox.releaseAttempt(begun.before, now: now()) } }
        var candidate = try dispatch.next()
        while let current = candidate {
            if dispatch.isStopping {
                if shouldStop() { dispatch.stopForShutdown() }
                if let pending = begun, pending.message.id == current.id {
                    try outbox.releaseAttempt(pending.before, now: now())
                    begun = nil
                }
                dispatch.skipped(current)
                return
            }
            // The permit (and the relay's word) BEFORE the message is marked `sending`: a lane that
            // gives up while waiting (a shutdown) leaves its message queued, as it was.
            if let gated = session as? any PermitGatedSession {
                var putBack: (any Error)?
                let readiness = gated.prepare(giveUp: { dispatch.isStopping }, beforeWaiting: {
                    guard let pending = begun else { return }
                    do { try outbox.releaseAttempt(pending.before, now: now()) } catch { putBack = error }
                    begun = nil
                })
                if let putBack { throw putBack }
                switch readiness {
                case .ready:
                    break
                case .gaveUp:
                    if shouldStop() { dispatch.stopForShutdown() }
                    dispatch.skipped(current)
                    return
                case .refused(let stop):
                    dispatch.stopForRelay(stop.kind, reason: stop.reason)
                    dispatch.skipped(current)
                    return
                }
            }
            let message: OutboxMessage
            if let pending = begun, pending.message.id == current.id {
                message = pending.message
            } else if let fresh = try outbox.beginAttempt(id: current.id, now: now()) {
                message = fresh
            } else {
                dispatch.finished(current)  // no longer deliverable (resent, held or sent meanwhile)
                candidate = try dispatch.next()
                continue
            }
            begun = nil
            // On a queue shared by several processes the message is held under a lease: keep it
            // for as long as the session takes, or another process would take it over and send twice.
            let heartbeat = outbox.leaseRenewal.map { interval in
                LeaseHeartbeat(every: interval, logger: logger) { [now] in try outbox.renewLease(id: message.id, now: now()) }
            }
            let result = send(message, session: session, outbox: outbox)
            heartbeat?.stop()
            let judged = now()
            let queued = Timestamp.parse(message.queuedAt) ?? judged
            // Every stop since the message was queued is credited, not only one it ran into itself
            let credited = DeliveryStop.credit(try outbox.deliveryStops(), from: queued, to: judged)
            let transition = OutboxTransition.after(
                result, attempts: message.attempts, firstQueuedAt: queued, waitingSince: Self.waitingSince(before: current),
                credited: credited, now: judged, policy: policy, jitter: jitter())
            dispatch.count(result, transition)
            let next = dispatch.isStopping ? nil : try dispatch.next()
            let started = try record(result, transition, for: message.id, beginning: next?.id, in: outbox)
            dispatch.finished(current)
            if let next, let started { begun = (started, next) }
            logger?.log(level: transition.state == .sent ? .info : .warning, "attempt: \(transition.state.rawValue)", metadata: [
                "qonto_id": "\(message.recordID)", "message_id": "\(message.messageID)", "outbox_id": "\(message.id)",
                "reply": "\(result.summary)",
            ])
            candidate = try next ?? dispatch.next()
        }
    }

    /// When a message's wait before this attempt began, from the row as it was before it was
    /// marked `sending`: its last attempt, or when it was queued (whichever is later).
    static func waitingSince(before message: OutboxMessage) -> Date {
        let queued = Timestamp.parse(message.queuedAt) ?? Date()
        let last = message.lastAttemptAt.flatMap(Timestamp.parse)
        return max(last ?? queued, queued)
    }

    /// Delivers everything due on a dedicated thread (libcurl blocks).
    public func run() async throws -> Summary {
        try await BlockingThread.run { try runBlocking() }
    }

    /// Records an outcome (and begins the next message in the same commit), retrying a few times:
    /// after a 250, failing to record it would make the next run resend the message as a possible
    /// duplicate.
    /// - Returns: The next message, marked `sending`, if it could be begun.
    private func record(_ result: DeliveryResult, _ transition: OutboxTransition, for id: Int64, beginning next: Int64?,
                        in outbox: any OutboxQueue) throws -> OutboxMessage? {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try outbox.finishAttempt(id: id, result: result, transition: transition, now: now(), beginning: next).begun
            } catch {
                guard attempt < 3, error.code == .database else { throw error }
                Thread.sleep(forTimeInterval: Double(attempt))
            }
        }
    }

    private func send(_ message: OutboxMessage, session: any MailTransportSession, outbox: any OutboxQueue) -> DeliveryResult {
        let envelope: OutgoingEnvelope
        do {
            envelope = OutgoingEnvelope(messageID: message.messageID, sender: try EmailAddress(message.sender),
                                        recipient: try EmailAddress(message.recipient),
                                        messagePath: "\(dataDirectory)/\(message.spoolFile)", byteCount: Int(message.size))
        } catch {
            return DeliveryResult(kind: .permanent, detail: "invalid envelope address: \(error.message)")
        }
        guard FileManager.default.fileExists(atPath: envelope.messagePath) else {
            return DeliveryResult(kind: .permanent, detail: "the composed message \(message.spoolFile) is missing from the spool; restore it from a backup, then facteur resend \(message.id)")
        }
        var dataStartError: (any Error)?
        let result = session.send(envelope) {
            do {
                try outbox.markDataStarted(id: message.id, now: now())
                return true
            } catch {
                // Without this record a crash would later pass a sent message for unsent: send nothing.
                dataStartError = error
                return false
            }
        }
        if let dataStartError {
            return DeliveryResult(kind: .transient, reply: result.reply,
                                  detail: "not sent: the data phase could not be recorded (\(dataStartError))")
        }
        return result
    }
}
