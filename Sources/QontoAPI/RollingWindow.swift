/// The start times of the requests inside one rolling window: a request may start at `t` while
/// fewer than `limit` started in `(t − seconds, t]`.
///
/// That rule keeps every window of `seconds` at no more than `limit` starts, wherever it is
/// placed: the last start `s` of any window `(x − seconds, x]` saw fewer than `limit` in
/// `(s − seconds, s]`, which covers the part of the window before it.
///
/// Times must be recorded in non-decreasing order (a monotonic clock). A value type: the owner
/// (``QontoRequestBudget``) serialises access.
struct RollingWindow: Sendable {
    /// Starts allowed per window.
    let limit: Int
    /// The window's length in seconds.
    let seconds: Double
    /// Recorded times, oldest first; those before `first` have left the window.
    private var times: [Double] = []
    private var first = 0

    init(limit: Int, seconds: Double) {
        self.limit = max(1, limit)
        self.seconds = seconds
    }

    /// How many recorded times are inside the window (as of the last ``slide(to:)``).
    var count: Int { times.count - first }

    /// How many more may start now (as of the last ``slide(to:)``).
    var room: Int { max(0, limit - count) }

    /// Forgets the times that have left the window at `now` (those at or before `now − seconds`).
    mutating func slide(to now: Double) {
        while first < times.count, times[first] <= now - seconds { first += 1 }
        // Compact now and then, so a long-running process keeps at most about two windows' worth.
        if first > 1024, first * 2 > times.count {
            times.removeFirst(first)
            first = 0
        }
    }

    /// Counts one start (or one event, for the 401 count) at `time`.
    mutating func record(_ time: Double) {
        times.append(time)
    }

    /// Seconds from `now` until `slots` more starts fit, counting only the times already recorded.
    ///
    /// When `slots` exceeds what the recorded times can free, this is the newest one's departure:
    /// a lower bound, since the starts granted meanwhile will hold slots too (the caller asks again).
    /// - Returns: `0` when `slots` fit now.
    func wait(forSlots slots: Int, now: Double) -> Double {
        wait(forSlots: slots, now: now, limit: limit)
    }

    /// Seconds from `now` until `slots` more starts fit under `limit` (a cap below the window's own).
    func wait(forSlots slots: Int, now: Double, limit: Int) -> Double {
        let missing = slots - max(0, limit - count)
        guard missing > 0, count > 0 else { return 0 }
        let leaving = times[first + min(missing, count) - 1]
        return max(0, leaving + seconds - now)
    }
}
