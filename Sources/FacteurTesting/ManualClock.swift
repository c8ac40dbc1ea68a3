public import Foundation

/// A clock that moves only when told to or when someone sleeps on it: a client's limiter and a
/// sandbox's rate limit read the same one, so a test runs minutes of API time instantly and
/// nothing depends on real timing. Pass ``now`` and ``sleep(_:)`` where the code takes a clock.
public final class ManualClock: @unchecked Sendable {
    // @unchecked: every access goes through `lock`.
    private let lock = NSLock()
    private var seconds: Double
    private var slept: [Double] = []

    /// Starts at `start` seconds since 1970.
    public init(start: Double = 1_000) { seconds = start }

    /// The time, in seconds since 1970.
    public var now: Double { lock.withLock { seconds } }
    /// The time, as a date.
    public var date: Date { Date(timeIntervalSince1970: now) }
    /// Every sleep asked for, in order.
    public var sleeps: [Double] { lock.withLock { slept } }

    /// Moves the clock on.
    public func advance(by interval: Double) { lock.withLock { seconds += interval } }

    /// Records the sleep and moves the clock on by it, at once.
    public func sleep(_ interval: Double) {
        lock.withLock {
            slept.append(interval)
            seconds += interval
        }
    }
}
