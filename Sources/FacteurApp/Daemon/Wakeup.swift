import Foundation

/// Wakes a sleeping service early: the window's end wakes the outbox worker, the Retry button wakes
/// the poller, a shutdown wakes both. Signals while nobody waits are kept (one is enough).
public final class Wakeup: @unchecked Sendable {
    // @unchecked: every access holds `lock`.
    private let lock = NSLock()
    private var pending = false
    private var waiter: CheckedContinuation<Void, Never>?

    /// Creates a wakeup.
    public init() {}

    /// Wakes the waiter, or the next one.
    public func signal() {
        let continuation: CheckedContinuation<Void, Never>? = lock.withLock {
            if let waiter {
                self.waiter = nil
                return waiter
            }
            pending = true
            return nil
        }
        continuation?.resume()
    }

    /// Waits for a signal or the timeout, whichever comes first.
    /// - Parameter seconds: The longest wait.
    public func wait(seconds: Double) async {
        let timer = Task { [weak self] in
            // A cancelled sleep (the wait ended early) must not signal: that stale signal would end
            // the next wait at once, and a service would spin.
            guard (try? await Task.sleep(for: .seconds(max(seconds, 0)))) != nil else { return }
            self?.signal()
        }
        defer { timer.cancel() }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow: Bool = lock.withLock {
                if pending {
                    pending = false
                    return true
                }
                waiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
        // A timer that fired after the wait ended would leave a stale signal: drop it.
        lock.withLock { pending = false }
    }
}

/// Set once (a shutdown), read from any thread.
public final class StopFlag: @unchecked Sendable {
    // @unchecked: every access holds `lock`.
    private let lock = NSLock()
    private var value = false

    /// Creates an unset flag.
    public init() {}

    /// Sets it.
    public func set() { lock.withLock { value = true } }

    /// Whether it is set.
    public var isSet: Bool { lock.withLock { value } }
}
