import FacteurApp
import Testing

@Suite struct WakeupTests {
    @Test func aSignalEndsTheWaitAndLeavesNothingBehind() async throws {
        let wake = Wakeup()
        // A signal given while nobody waits ends the next wait at once …
        wake.signal()
        let clock = ContinuousClock()
        // (bounds are loose: other suites may hold the test process's threads for a while)
        let first = await clock.measure { await wake.wait(seconds: 120) }
        #expect(first < .seconds(110))
        // … and the timer of that wait, cancelled, must not leave a stale signal behind: the next
        // wait lasts its whole timeout (a stale signal made the daemon's services spin).
        try await Task.sleep(for: .milliseconds(50))
        let second = await clock.measure { await wake.wait(seconds: 0.3) }
        #expect(second >= .milliseconds(250))
    }

    @Test func aSignalWakesAWaiter() async throws {
        // The wait's own timeout is an hour, so only the signal can end it within the test; a
        // watchdog ends the test if it did not (a bound on elapsed time flaked when other suites
        // starved the shared thread pool for minutes on a loaded two-core machine).
        let wake = Wakeup()
        let woken = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await wake.wait(seconds: 3600)
                return true
            }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(100))
                wake.signal()
                try? await Task.sleep(for: .seconds(600))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            wake.signal()  // frees the waiter if the watchdog came first
            return first
        }
        #expect(woken, "the waiter was not woken by the signal")
    }
}
