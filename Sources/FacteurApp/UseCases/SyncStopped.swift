/// A window abandoned because the process is shutting down: nothing of it was committed, and the
/// next start redoes it from the marker.
public struct SyncStopped: Error, Sendable, CustomStringConvertible {
    /// Creates the error.
    public init() {}

    /// One line for the log.
    public var description: String { "window abandoned for shutdown; it will be redone at the next start" }
}
