public import FoundationEssentials

/// A span during which delivery was stopped: the relay refused our credentials or TLS, so no
/// message could be tried, whichever it was.
///
/// A stop is the relay's fault, not any message's: its duration is credited to the retry lifetime
/// of every message that was waiting through it (``credit(_:from:to:)``), whether or not that
/// message was the one that ran into the stop. Stops are recorded by the outbox, not by the
/// messages, so `queued_at` (shown to people as "since") is never rewritten.
public struct DeliveryStop: Sendable, Hashable {
    /// When delivery may have started being refused: the start of the wait that ended in the first
    /// refusal (the relay may have been refusing us for all of it).
    public var start: Date
    /// When delivery resumed (the first attempt after it that was not a stop), or nil while it lasts.
    public var end: Date?

    /// Creates a stop.
    public init(start: Date, end: Date? = nil) {
        self.start = start
        self.end = end
    }

    /// The time within `from...to` covered by the stops (overlapping stops counted once; a stop
    /// still going counts up to `to`): what a message that waited from `from` is not charged.
    /// - Parameters:
    ///   - stops: The recorded stops, in any order.
    ///   - from: The message's lifetime origin (when it was queued).
    ///   - to: The current time.
    /// - Returns: The credited time in seconds, never negative.
    public static func credit(_ stops: [DeliveryStop], from: Date, to: Date) -> Double {
        let spans = stops.map { (max($0.start, from), min($0.end ?? to, to)) }
            .filter { $0.0 < $0.1 }
            .sorted { $0.0 < $1.0 }
        var total = 0.0
        var current: (Date, Date)?
        for span in spans {
            if let open = current, span.0 <= open.1 {
                current = (open.0, max(open.1, span.1))
            } else {
                if let open = current { total += open.1.timeIntervalSince(open.0) }
                current = span
            }
        }
        if let open = current { total += open.1.timeIntervalSince(open.0) }
        return total
    }
}
