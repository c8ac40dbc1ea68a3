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
        let wake = Wakeup()
        let clock = ContinuousClock()
        let started = clock.now
        let waiter = Task { await wake.wait(seconds: 120) }
        try await Task.sleep(for: .milliseconds(100))
        wake.signal()
        await waiter.value
        #expect(clock.now - started < .seconds(110), "woken by its timeout, not by the signal")
    }
}
