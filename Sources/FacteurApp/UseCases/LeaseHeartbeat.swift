import Foundation
import Logging

/// Keeps a `sending` message's lease alive while its SMTP session lasts (on a queue shared by
/// several processes, see ``OutboxQueue/leaseRenewal``): every `interval` it renews, on a thread of
/// its own, until ``stop()``. A failed renewal is logged and retried at the next beat; if the lease
/// is lost for good, recording the outcome fails and the message's new holder settles it.
final class LeaseHeartbeat: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopped = false
    private var finished = false

    /// Starts beating; `renew` runs on the heartbeat's thread.
    init(every interval: Duration, logger: Logger?, renew: @escaping @Sendable () throws -> Void) {
        let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
        let thread = Thread { [self] in
            condition.lock()
            while !stopped {
                if condition.wait(until: Date(timeIntervalSinceNow: seconds)) || stopped { continue }
                condition.unlock()
                do { try renew() } catch { logger?.warning("could not renew a sending message's lease: \(error)") }
                condition.lock()
            }
            finished = true
            condition.broadcast()
            condition.unlock()
        }
        thread.name = "facteur-lease"
        thread.start()
    }

    /// Stops beating and waits for a renewal in progress to end.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
