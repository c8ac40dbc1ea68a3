import FacteurCore
import Foundation
import Store

/// What the delivery lanes of one ``DeliverOutbox`` pass share: the due messages not yet handed
/// out, the records in flight, the tally, and the reason to stop.
///
/// Each message is handed out once per pass. Two versions of one Qonto record are never in flight
/// at once, and a record's messages are handed out in outbox order, so an update can never overtake
/// the message it replaces, whatever the number of connections.
final class DeliveryDispatch: @unchecked Sendable {
    private let lock = NSLock()
    private let outbox: any OutboxQueue
    private let now: @Sendable () -> Date
    private let shouldStop: @Sendable () -> Bool
    /// Due messages fetched but not handed out yet, in outbox order.
    private var waiting: [OutboxMessage] = []
    /// Every message handed out in this pass (a deferred one is not tried again in the same pass).
    private var handedOut = Set<Int64>()
    /// Records (type and ID) with a message in a lane.
    private var inFlight = Set<String>()
    /// Whether the outbox has been asked until it had nothing more.
    private var exhausted = false
    private var summary = DeliverOutbox.Summary()
    private var failure: (any Error)?

    init(outbox: any OutboxQueue, now: @escaping @Sendable () -> Date, shouldStop: @escaping @Sendable () -> Bool) {
        self.outbox = outbox
        self.now = now
        self.shouldStop = shouldStop
    }

    /// Whether lanes should stop taking messages (an auth or TLS failure, a shutdown, an error).
    var isStopping: Bool {
        lock.withLock { summary.stoppedBecause != nil || failure != nil } || shouldStop()
    }

    /// The next message to attempt, or nil when none is left for this lane (all done, stopping, or
    /// every remaining one belongs to a record another lane is sending).
    func next() throws -> OutboxMessage? {
        try lock.withLock {
            while summary.stoppedBecause == nil, failure == nil {
                if let index = waiting.firstIndex(where: { !inFlight.contains(Self.key($0)) }) {
                    let message = waiting.remove(at: index)
                    handedOut.insert(message.id)
                    inFlight.insert(Self.key(message))
                    return message
                }
                guard !exhausted else { return nil }
                let waitingIDs = Set(waiting.map(\.id))
                let fresh = try outbox.due(now: now(), limit: 200).filter { !handedOut.contains($0.id) && !waitingIDs.contains($0.id) }
                if fresh.isEmpty {
                    exhausted = true
                } else {
                    waiting += fresh
                }
            }
            return nil
        }
    }

    /// A lane is done with a message (sent, deferred, failed, or not begun after all).
    func finished(_ message: OutboxMessage) {
        _ = lock.withLock { inFlight.remove(Self.key(message)) }
    }

    /// A lane took a message but will not attempt it (the pass is stopping).
    func skipped(_ message: OutboxMessage) {
        lock.withLock {
            inFlight.remove(Self.key(message))
            summary.notAttempted += 1
        }
    }

    /// Counts an attempt's outcome; an auth or TLS failure stops every lane.
    func count(_ result: DeliveryResult, _ transition: OutboxTransition) {
        lock.withLock {
            summary.attempted += 1
            switch transition.state {
            case .sent: summary.sent += 1
            case .failed: summary.failed += 1
            case .unknown: summary.unknown += 1
            default: summary.deferred += 1
            }
            if result.stopsBatch, summary.stoppedBecause == nil {
                summary.stoppedBecause = transition.reason
                summary.stopKind = result.kind
            }
            if result.kind == .transient || result.kind == .unknown { summary.lastTransientFailure = result.summary }
        }
    }

    /// A lane saw the shutdown request with a message in hand: the pass stops.
    func stopForShutdown() {
        lock.withLock { if summary.stoppedBecause == nil { summary.stoppedBecause = "shutting down" } }
    }

    /// A lane learnt, before its attempt, that the relay refuses every message (another pass ran
    /// into it): the pass stops as if it had run into it itself.
    func stopForRelay(_ kind: DeliveryResult.Kind, reason: String) {
        lock.withLock {
            if summary.stoppedBecause == nil {
                summary.stoppedBecause = reason
                summary.stopKind = kind
            }
        }
    }

    /// A lane failed (SQLite): the others stop after their current message, and the pass throws.
    func fail(_ error: any Error) {
        lock.withLock { if failure == nil { failure = error } }
    }

    /// The pass's summary once every lane has returned; throws the first lane's error, if any.
    func result(recovered: Int) throws -> DeliverOutbox.Summary {
        try lock.withLock {
            if let failure { throw failure }
            if summary.stoppedBecause != nil { summary.notAttempted += waiting.count }
            summary.recovered = recovered
            return summary
        }
    }

    private static func key(_ message: OutboxMessage) -> String { "\(message.recordType)\u{1F}\(message.recordID)" }
}
