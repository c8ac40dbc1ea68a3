public import FoundationEssentials
import FacteurCore
import GRDB

/// An invoice already in the books, as the ledger knows it: mirrored from Pennylane (read only) or
/// imported from a FEC export. Facteur checks new invoices against these before forwarding.
public struct LedgerInvoice: Sendable, Hashable, Codable {
    /// `pennylane` or `fec`.
    public var source: String
    /// The invoice's ID in its source (Pennylane ID; FEC journal + entry number).
    public var sourceRef: String
    /// `supplier` or `customer`.
    public var kind: String
    /// The directory entry of its counterparty, when known.
    public var counterpartyID: String?
    /// The invoice number as written.
    public var invoiceNumber: String?
    /// The number normalised for comparison (upper case, no spaces, dashes, slashes, dots or leading zeros).
    public var invoiceNumberKey: String?
    /// The total in cents (absolute).
    public var amountCents: Int64?
    /// The invoice date, `YYYY-MM-DD`.
    public var date: String?
    /// A label for people (the FEC line, the Pennylane label).
    public var label: String?
    /// Whether the document is a credit note (a FEC line on the opposite side of the third party's
    /// account, a negative Pennylane amount): `amountCents` stays absolute, so the document type is
    /// what tells a booked credit note from a booked invoice of the same amount.
    public var isCreditNote: Bool

    /// Creates a row.
    public init(source: String, sourceRef: String, kind: String, counterpartyID: String?, invoiceNumber: String?,
                amountCents: Int64?, date: String?, label: String?, isCreditNote: Bool = false) {
        self.source = source
        self.sourceRef = sourceRef
        self.kind = kind
        self.counterpartyID = counterpartyID
        self.invoiceNumber = invoiceNumber
        invoiceNumberKey = invoiceNumber.flatMap(Self.numberKey)
        self.amountCents = amountCents
        self.date = date
        self.label = label
        self.isCreditNote = isCreditNote
    }

    /// Upper case, without spaces, dashes, slashes, dots, underscores and leading zeros; nil when nothing is left.
    public static func numberKey(_ number: String) -> String? {
        let kept = number.uppercased().unicodeScalars.filter { !" \t-/._".unicodeScalars.contains($0) }
        let key = String(String.UnicodeScalarView(kept)).drop { $0 == "0" }
        return key.isEmpty ? nil : String(key)
    }
}

/// The ledger's invoices, kept for duplicate checks.
public struct LedgerInvoices: Sendable {
    /// The database.
    public let database: FacteurDatabase

    /// Creates a view.
    public init(database: FacteurDatabase) {
        self.database = database
    }

    /// Inserts or replaces rows, in one transaction.
    /// - Returns: How many rows were written.
    @discardableResult
    public func upsert(_ invoices: [LedgerInvoice], now: Date) throws(StoreError) -> Int {
        try database.write { db in
            for invoice in invoices { try Self.insert(db, invoice, now: now) }
            return invoices.count
        }
    }

    static func insert(_ db: Database, _ invoice: LedgerInvoice, now: Date) throws {
        try db.execute(sql: """
            INSERT INTO ledger_invoices (source, source_ref, kind, counterparty_id, invoice_number, invoice_number_key,
                amount_cents, date, label, is_credit_note, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (source, source_ref) DO UPDATE SET kind = excluded.kind, counterparty_id = excluded.counterparty_id,
                invoice_number = excluded.invoice_number, invoice_number_key = excluded.invoice_number_key,
                amount_cents = excluded.amount_cents, date = excluded.date, label = excluded.label,
                is_credit_note = excluded.is_credit_note, updated_at = excluded.updated_at
            """, arguments: [invoice.source, invoice.sourceRef, invoice.kind, invoice.counterpartyID, invoice.invoiceNumber,
                             invoice.invoiceNumberKey, invoice.amountCents, invoice.date, invoice.label, invoice.isCreditNote,
                             Timestamp.format(now)])
    }

    /// Replaces every invoice of a source by these, in one transaction.
    @discardableResult
    public func replace(source: String, with invoices: [LedgerInvoice], now: Date) throws(StoreError) -> Int {
        try database.write { db in
            try db.execute(sql: "DELETE FROM ledger_invoices WHERE source = ?", arguments: [source])
            for invoice in invoices { try Self.insert(db, invoice, now: now) }
            return invoices.count
        }
    }

    /// Ledger invoices of a counterparty with the same normalised number, or the same amount within
    /// `days` of `date` — the candidates for "already booked".
    public func candidates(counterpartyID: String, numberKey: String?, amountCents: Int64?, date: String?,
                           days: Int) throws(StoreError) -> [LedgerInvoice] {
        try database.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM ledger_invoices WHERE counterparty_id = ?
                  AND ((? IS NOT NULL AND invoice_number_key = ?)
                       OR (? IS NOT NULL AND amount_cents = ? AND ? IS NOT NULL AND date IS NOT NULL
                           AND ABS(julianday(date) - julianday(?)) <= ?))
                ORDER BY date
                """, arguments: [counterpartyID, numberKey, numberKey, amountCents, amountCents, date, date, days])
            return rows.map(Self.invoice(_:))
        }
    }

    /// Every ledger invoice of these counterparties (the duplicate check compares numbers itself).
    public func invoices(counterpartyIDs: [String]) throws(StoreError) -> [LedgerInvoice] {
        guard !counterpartyIDs.isEmpty else { return [] }
        return try database.read { db in
            let marks = Array(repeating: "?", count: counterpartyIDs.count).joined(separator: ", ")
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM ledger_invoices WHERE counterparty_id IN (\(marks)) ORDER BY date",
                                        arguments: StatementArguments(counterpartyIDs))
            return rows.map(Self.invoice(_:))
        }
    }

    /// A row as stored.
    static func invoice(_ row: Row) -> LedgerInvoice {
        var invoice = LedgerInvoice(source: row["source"], sourceRef: row["source_ref"], kind: row["kind"],
                                    counterpartyID: row["counterparty_id"], invoiceNumber: row["invoice_number"],
                                    amountCents: row["amount_cents"], date: row["date"], label: row["label"],
                                    isCreditNote: row["is_credit_note"])
        invoice.invoiceNumberKey = row["invoice_number_key"]
        return invoice
    }

    /// How many rows each source has.
    public func counts() throws(StoreError) -> [String: Int] {
        try database.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT source, COUNT(*) AS n FROM ledger_invoices GROUP BY source") {
                counts[row["source"]] = row["n"]
            }
            return counts
        }
    }
}
