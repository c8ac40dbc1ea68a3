@testable import FacteurApp
import FacteurTesting
import Foundation
import Testing

/// The gateway-wide limit on SMTP sessions hands permits out in arrival order, and a session that
/// holds one gives it up to a waiting workspace between messages.
@Suite struct SessionLimitTests {
    /// The order in which threads got their permit.
    final class Order: @unchecked Sendable {
        // @unchecked: every access holds `lock`.
        private let lock = NSLock()
        private var names: [String] = []
        func append(_ name: String) { lock.withLock { names.append(name) } }
        var all: [String] { lock.withLock { names } }
    }

    /// Waits (without a deadline assertion) until `condition` holds.
    static func until(_ condition: () -> Bool) {
        while !condition() { usleep(1_000) }
    }

    @Test func aWaitingWorkspaceGetsThePermitBeforeTheBusyOneTakesItAgain() async {
        let limit = SessionLimit(permits: 1)
        let order = Order()
        // The threads wait for each other: off the concurrency pool.
        let yielded = await offPool {
            // Given a busy workspace holding the only permit, and another waiting for it
            limit.acquire()
            let done = DispatchSemaphore(value: 0)
            Thread {
                limit.acquire()
                order.append("quiet workspace")
                limit.release()
                done.signal()
            }.start()
            Self.until { limit.isContended }
            // When the busy one reaches its next message
            let yielded = limit.yieldIfContended { order.append("busy workspace closed its connection") }
            order.append("busy workspace")
            limit.release()
            done.wait()
            return yielded
        }
        // Then it gave the permit up, the waiting one went first, and the busy one queued behind it
        #expect(yielded)
        #expect(order.all == ["busy workspace closed its connection", "quiet workspace", "busy workspace"])
    }

    @Test func anUncontendedSessionKeepsItsPermitAndItsConnection() {
        let limit = SessionLimit(permits: 2)
        limit.acquire()
        var closed = false
        #expect(limit.yieldIfContended { closed = true } == false)
        #expect(!closed)
        limit.release()
    }

    @Test func permitsAreHandedOutInArrivalOrder() async {
        let limit = SessionLimit(permits: 1)
        let order = Order()
        // The threads wait for each other: off the concurrency pool.
        await offPool {
            limit.acquire()
            var threads: [DispatchSemaphore] = []
            for name in ["first", "second", "third"] {
                let done = DispatchSemaphore(value: 0)
                threads.append(done)
                let queuedBefore = Self.waiting(limit)
                Thread {
                    limit.acquire()
                    order.append(name)
                    limit.release()
                    done.signal()
                }.start()
                // Each thread has taken its ticket before the next one starts
                Self.until { Self.waiting(limit) == queuedBefore + 1 }
            }
            limit.release()
            threads.forEach { $0.wait() }
        }
        #expect(order.all == ["first", "second", "third"])
    }

    /// How many wait for a permit.
    static func waiting(_ limit: SessionLimit) -> Int { limit.waiting }
}
