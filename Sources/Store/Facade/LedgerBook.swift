public import FoundationEssentials

/// The invoices one workspace's books already hold (Pennylane mirror, FEC import), for the
/// "already booked" check. ``LedgerInvoices`` is the SQLite implementation.
public protocol LedgerBook: Sendable {
    /// Adds or updates invoices; returns how many.
    @discardableResult
    func upsert(_ invoices: [LedgerInvoice], now: Date) throws(StoreError) -> Int
    /// Replaces every invoice of one source; returns how many it now holds.
    @discardableResult
    func replace(source: String, with invoices: [LedgerInvoice], now: Date) throws(StoreError) -> Int
    /// Every invoice of these counterparties.
    func invoices(counterpartyIDs: [String]) throws(StoreError) -> [LedgerInvoice]
    /// How many invoices each source holds.
    func counts() throws(StoreError) -> [String: Int]
}

extension LedgerInvoices: LedgerBook {}
