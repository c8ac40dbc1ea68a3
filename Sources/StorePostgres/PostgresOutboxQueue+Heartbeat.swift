public import FoundationEssentials
public import Store

extension PostgresOutboxQueue {
    /// The heartbeat of an attempt: renews this process's lease on a message every third of
    /// ``leaseDuration`` until the task is cancelled (the attempt ended), so a long transfer is
    /// never taken for a dead one. Run it beside the transfer, cancel it once the outcome is recorded.
    /// - Parameters:
    ///   - id: The message being sent.
    ///   - now: The clock.
    /// - Throws: ``Store/StoreError`` `.leaseLost` when another process took the message over (the
    ///   sender must stop and record nothing), or `.database` when PostgreSQL cannot be reached.
    public func keepLease(id: Int64, now: @Sendable () -> Date) async throws(StoreError) {
        let interval = Duration.milliseconds(Int64(max(leaseDuration / 3, 0.05) * 1000))
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return  // cancelled: the attempt is over
            }
            try await renewLease(id: id, now: now())
        }
    }
}
