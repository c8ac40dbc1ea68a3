public import FoundationEssentials
public import FacteurCore
import Logging
import PostgresNIO
public import Store

/// The invoices one workspace's books already hold, on PostgreSQL (Pennylane mirror, FEC import),
/// for the "already booked" check — ``Store/LedgerInvoices`` on the shared database.
///
/// Conforms to the synchronous façade (`LedgerBook`) through the connection's ``PostgresBridge``: each
/// operation runs as a task on the bridge's own threads while the caller's thread waits.
public struct PostgresLedgerBook: Sendable {
    /// The store's connection pool.
    public let connection: PostgresStoreConnection
    /// The workspace whose books these are.
    public let workspace: WorkspaceID

    /// The books of one workspace.
    public init(connection: PostgresStoreConnection, workspace: WorkspaceID) {
        self.connection = connection
        self.workspace = workspace
    }

    /// Adds or updates invoices, in one transaction.
    /// - Returns: How many were written.
    @discardableResult
    func upsertAsync(_ invoices: [LedgerInvoice], now: Date) async throws(StoreError) -> Int {
        try await connection.transaction("store ledger invoices") { db in
            for invoice in invoices { try await insert(db, invoice, now: now) }
            return invoices.count
        }
    }

    /// Replaces every invoice of one source, in one transaction.
    /// - Returns: How many it now holds.
    @discardableResult
    func replaceAsync(source: String, with invoices: [LedgerInvoice], now: Date) async throws(StoreError) -> Int {
        try await connection.transaction("replace the \(source) ledger invoices") { db in
            try await db.query("DELETE FROM ledger_invoices WHERE workspace = \(workspace.rawValue) AND source = \(source)",
                               logger: connection.logger)
            for invoice in invoices { try await insert(db, invoice, now: now) }
            return invoices.count
        }
    }

    private func insert(_ db: PostgresConnection, _ invoice: LedgerInvoice, now: Date) async throws {
        try await db.query("""
            INSERT INTO ledger_invoices (workspace, source, source_ref, kind, counterparty_id, invoice_number, invoice_number_key,
                amount_cents, date, label, is_credit_note, updated_at)
            VALUES (\(workspace.rawValue), \(invoice.source), \(invoice.sourceRef), \(invoice.kind), \(invoice.counterpartyID),
                    \(Text.clean(optional: invoice.invoiceNumber)), \(invoice.invoiceNumberKey), \(invoice.amountCents), \(invoice.date),
                    \(Text.clean(optional: invoice.label)),
                    \(invoice.isCreditNote), \(Timestamp.format(now)))
            ON CONFLICT (workspace, source, source_ref) DO UPDATE SET kind = excluded.kind, counterparty_id = excluded.counterparty_id,
                invoice_number = excluded.invoice_number, invoice_number_key = excluded.invoice_number_key,
                amount_cents = excluded.amount_cents, date = excluded.date, label = excluded.label,
                is_credit_note = excluded.is_credit_note, updated_at = excluded.updated_at
            """, logger: connection.logger)
    }

    /// Every invoice of these counterparties, by date (undated first, as SQLite sorts NULL).
    func invoicesAsync(counterpartyIDs: [String]) async throws(StoreError) -> [LedgerInvoice] {
        guard !counterpartyIDs.isEmpty else { return [] }
        return try await connection.read("read ledger invoices", """
                SELECT * FROM ledger_invoices WHERE workspace = \(workspace.rawValue) AND counterparty_id = ANY(\(counterpartyIDs))
                ORDER BY date NULLS FIRST
                """) { rows in
            try rows.map { row in
                var invoice = LedgerInvoice(source: try row.column("source"), sourceRef: try row.column("source_ref"),
                                            kind: try row.column("kind"), counterpartyID: try row.column("counterparty_id"),
                                            invoiceNumber: try row.column("invoice_number"), amountCents: try row.column("amount_cents"),
                                            date: try row.column("date"), label: try row.column("label"),
                                            isCreditNote: try row.column("is_credit_note"))
                invoice.invoiceNumberKey = try row.column("invoice_number_key")
                return invoice
            }
        }
    }

    /// How many invoices each source holds.
    func countsAsync() async throws(StoreError) -> [String: Int] {
        try await connection.read("count the ledger invoices", """
                SELECT source, COUNT(*) AS n FROM ledger_invoices WHERE workspace = \(workspace.rawValue) GROUP BY source
                """) { rows in
            var counts: [String: Int] = [:]
            for row in rows {
                counts[try row.column("source")] = try row.column("n")
            }
            return counts
        }
    }
}

extension PostgresLedgerBook: LedgerBook {
    /// Adds or updates invoices; returns how many.
    @discardableResult
    public func upsert(_ invoices: [LedgerInvoice], now: Date) throws(StoreError) -> Int {
        try connection.bridge.wait { try await self.upsertAsync(invoices, now: now) }
    }

    /// Replaces every invoice of one source; returns how many it now holds.
    @discardableResult
    public func replace(source: String, with invoices: [LedgerInvoice], now: Date) throws(StoreError) -> Int {
        try connection.bridge.wait(timeout: PostgresBridge.longOperation) { try await self.replaceAsync(source: source, with: invoices, now: now) }
    }

    /// Every invoice of these counterparties.
    public func invoices(counterpartyIDs: [String]) throws(StoreError) -> [LedgerInvoice] {
        try connection.bridge.wait { try await self.invoicesAsync(counterpartyIDs: counterpartyIDs) }
    }

    /// How many invoices each source holds.
    public func counts() throws(StoreError) -> [String: Int] {
        try connection.bridge.wait { try await self.countsAsync() }
    }
}
