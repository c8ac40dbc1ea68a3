import Curl
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
                limit.acquire(owner: "quiet")
                order.append("quiet workspace")
                limit.release()
                done.signal()
            }.start()
            Self.until { limit.isContended }
            // When the busy one reaches its next message
            let yielded = limit.yield(ifContendedAgainst: "busy") { order.append("busy workspace closed its connection") }
            limit.acquire(owner: "busy")
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
        #expect(!limit.yield(ifContendedAgainst: "busy") { closed = true })
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

    @Test func aLaneOfTheSameWorkspaceWaitingIsNoReasonToReconnect() async {
        let limit = SessionLimit(permits: 1)
        // The threads wait for each other: off the concurrency pool.
        let (yielded, closed) = await offPool { () -> (Bool, Bool) in
            // Given a workspace's session holding the only permit, and another lane of the same workspace waiting
            limit.acquire(owner: "acme")
            let done = DispatchSemaphore(value: 0)
            Thread {
                limit.acquire(owner: "acme")
                limit.release()
                done.signal()
            }.start()
            Self.until { limit.isContended }
            // When the session reaches its next message
            var closed = false
            let yielded = limit.yield(ifContendedAgainst: "acme") { closed = true }
            limit.release()
            done.wait()
            return (yielded, closed)
        }
        // Then it kept its permit and its connection
        #expect(!yielded)
        #expect(!closed)
    }

    @Test func aWaiterThatGivesUpLeavesTheQueueAndThoseBehindItAreServed() async {
        let limit = SessionLimit(permits: 1)
        let order = Order()
        // The threads wait for each other: off the concurrency pool.
        let waitingAfterGivingUp = await offPool { () -> Int in
            let stop = Order()
            limit.acquire()
            // Given a first waiter that will give up, and a second one behind it
            let first = DispatchSemaphore(value: 0)
            Thread {
                let took = limit.acquire(owner: "a") { stop.all.contains("stop") }
                order.append(took ? "first took a permit" : "first gave up")
                first.signal()
            }.start()
            Self.until { limit.waiting == 1 }
            let second = DispatchSemaphore(value: 0)
            Thread {
                limit.acquire(owner: "b")
                order.append("second took a permit")
                limit.release()
                second.signal()
            }.start()
            Self.until { limit.waiting == 2 }
            // When the first gives up, then the permit comes back
            stop.append("stop")
            first.wait()
            let waiting = limit.waiting
            limit.release()
            second.wait()
            return waiting
        }
        #expect(waitingAfterGivingUp == 1)
        // Then the second was served: the abandoned place held nobody up
        #expect(order.all == ["first gave up", "second took a permit"])
    }

    @Test func aWaiterToldToGiveUpDoesNotTakeThePermitWhoseReleaseWokeIt() async throws {
        let outcome = try await CurlWorker.run { () -> (took: Bool, waitingAfter: Int) in
            // (a waiter asks its giveUp every minute here: only what it does when the release wakes it counts)
            let limit = SessionLimit(permits: 1, pollInterval: 60)
            let shutdown = Order()
            // Given another workspace's session holding the only permit, and a lane waiting for it
            limit.acquire(owner: "busy")
            let done = DispatchSemaphore(value: 0)
            let took = Order()
            Thread {
                let taken = limit.acquire(owner: "waiting") { shutdown.all.contains("shutdown") }
                if taken {
                    took.append("took the permit")
                    limit.release()
                }
                done.signal()
            }.start()
            Self.until { limit.waiting == 1 }
            // When a shutdown is asked, and the session holding the permit, stopping for it, gives it back
            shutdown.append("shutdown")
            limit.release()
            done.wait()
            return (!took.all.isEmpty, limit.waiting)
        }
        // Then the lane woken by the release left without the permit (it would begin a message)
        #expect(!outcome.took, "the waiter took the permit after the shutdown was asked")
        #expect(outcome.waitingAfter == 0)
    }

    /// How many wait for a permit.
    static func waiting(_ limit: SessionLimit) -> Int { limit.waiting }
}
