public import FacteurCore
public import FoundationEssentials

/// One workspace's known suppliers and customers (Pennylane mirror, FEC import, learned), which
/// matching reads. ``CounterpartyDirectory`` is the SQLite implementation.
public protocol CounterpartyBook: Sendable {
    /// Adds or updates entries; returns how many.
    @discardableResult
    func upsert(_ entries: [Counterparty], now: Date) throws(StoreError) -> Int
    /// Replaces every entry of one source and kind; returns how many it now holds.
    @discardableResult
    func replace(source: String, kind: InvoiceKind, with entries: [Counterparty], now: Date) throws(StoreError) -> Int
    /// Every entry of one kind.
    func all(kind: InvoiceKind) throws(StoreError) -> [Counterparty]
    /// How many entries each source holds.
    func counts() throws(StoreError) -> [String: Int]
}

extension CounterpartyDirectory: CounterpartyBook {}
