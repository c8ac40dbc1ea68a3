import Foundation

/// A fair, first-come-first-served limit on simultaneous SMTP sessions, shared by every
/// workspace's delivery worker (`smtp_connections` is the gateway's, not each company's).
///
/// It blocks rather than suspends: the delivery lanes it gates are dedicated threads running
/// libcurl (see ``DeliverOutbox``), and a blocking wait there costs no thread of the Swift pool.
/// Permits are handed out in ticket order, so a company with 5 000 queued messages cannot keep a
/// later caller waiting: its sessions give their permit back between messages whenever someone
/// waits (``yieldIfContended(_:)``), and queue again behind that caller.
final class SessionLimit: @unchecked Sendable {
    // @unchecked: every access holds `condition`.
    private let condition = NSCondition()
    private let permits: Int
    private var inUse = 0
    private var nextTicket: UInt64 = 0
    private var serving: UInt64 = 0

    /// A limit of `permits` sessions at once (at least 1).
    init(permits: Int) {
        self.permits = max(permits, 1)
    }

    /// Waits for a permit, in arrival order. Blocking.
    func acquire() {
        condition.lock()
        defer { condition.unlock() }
        let ticket = nextTicket
        nextTicket += 1
        // Served strictly in ticket order: a newcomer never overtakes someone already waiting.
        while ticket != serving || inUse >= permits { condition.wait() }
        serving += 1
        inUse += 1
        condition.broadcast()
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
        return Int(nextTicket - serving)
    }

    /// Whether someone waits for a permit.
    var isContended: Bool { waiting > 0 }

    /// When someone waits, gives the permit back and queues again behind them, calling
    /// `between` while it holds none (the caller closes its connection there). Blocking.
    /// - Returns: Whether the permit was given up for a while.
    @discardableResult
    func yieldIfContended(_ between: () -> Void = {}) -> Bool {
        guard isContended else { return false }
        between()
        release()
        acquire()
        return true
    }
}
