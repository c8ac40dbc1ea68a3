import Foundation

/// A fair, first-come-first-served limit on simultaneous SMTP sessions, shared by every
/// workspace's delivery worker (`smtp_connections` is the gateway's, not each company's).
///
/// It blocks rather than suspends: the delivery lanes it gates are dedicated threads running
/// libcurl (see ``DeliverOutbox``), and a blocking wait there costs no thread of the Swift pool.
/// Permits are handed out in arrival order, so a company with 5 000 queued messages cannot keep a
/// later caller waiting: its sessions give their permit back between messages whenever another
/// workspace waits (``yield(ifContendedAgainst:_:)``), and queue again behind that caller.
/// A lane of the same workspace waiting is no reason to yield: that would reopen SMTP, TLS and
/// AUTH for every message and gain that workspace nothing.
///
/// A wait ends early when its `giveUp` says so (a shutdown, the relay stopped): it is asked every
/// ``pollInterval`` and again before a permit is taken, and a caller that gives up leaves the
/// queue, so it never holds up those behind it. A caller told to give up never takes a permit:
/// at a shutdown the sessions holding them stop too, and the lane their release wakes must not
/// begin a message (only the messages already being sent finish).
final class SessionLimit: @unchecked Sendable {
    // @unchecked: every access holds `condition`.
    private let condition = NSCondition()
    private let permits: Int
    private var inUse = 0
    private var nextTicket: UInt64 = 0
    /// The waiters, in arrival order: their ticket and their workspace.
    private var queue: [(ticket: UInt64, owner: String)] = []
    /// How often a waiter asks its `giveUp` while no permit frees.
    let pollInterval: TimeInterval

    /// A limit of `permits` sessions at once (at least 1).
    /// - Parameter pollInterval: How often a waiter asks its `giveUp` while no permit frees.
    init(permits: Int, pollInterval: TimeInterval = 0.1) {
        self.permits = max(permits, 1)
        self.pollInterval = pollInterval
    }

    /// Waits for a permit, in arrival order. Blocking.
    /// - Parameters:
    ///   - owner: The workspace asking (sessions of another workspace yield to it).
    ///   - giveUp: Asked while waiting; true ends the wait without a permit.
    /// - Returns: Whether a permit was taken (false: `giveUp` said so first).
    @discardableResult
    func acquire(owner: String = "", giveUp: () -> Bool = { false }) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let ticket = nextTicket
        nextTicket += 1
        queue.append((ticket, owner))
        // Served strictly in arrival order: a newcomer never overtakes someone already waiting.
        // `giveUp` is asked before the permit is taken as well: a waiter woken by a release that
        // came with a shutdown would otherwise take it before its next poll and begin a message.
        while true {
            if giveUp() {
                queue.removeAll { $0.ticket == ticket }
                condition.broadcast()  // the next in line may be first now
                return false
            }
            if queue.first?.ticket == ticket, inUse < permits { break }
            _ = condition.wait(until: Date(timeIntervalSinceNow: pollInterval))
        }
        queue.removeFirst()
        inUse += 1
        condition.broadcast()
        return true
    }

    /// Gives a permit back.
    func release() {
        condition.lock()
        inUse = max(inUse - 1, 0)
        condition.broadcast()
        condition.unlock()
    }

    /// How many callers wait for a permit.
    var waiting: Int {
        condition.lock()
        defer { condition.unlock() }
        return queue.count
    }

    /// Whether someone waits for a permit.
    var isContended: Bool { waiting > 0 }

    /// Whether a caller of a workspace other than `owner` waits for a permit.
    func isContended(against owner: String) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return queue.contains { $0.owner != owner }
    }

    /// When a caller of another workspace waits, gives the permit back, calling `between` first
    /// (the caller closes its connection there); the caller then queues again with
    /// ``acquire(owner:giveUp:)``, behind the one it yielded to. A lane of the same workspace
    /// waiting is no reason to reconnect: the permit is kept.
    /// - Returns: Whether the permit was given back.
    func yield(ifContendedAgainst owner: String, _ between: () -> Void = {}) -> Bool {
        guard isContended(against: owner) else { return false }
        between()
        release()
        return true
    }
}
