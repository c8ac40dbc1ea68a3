import FacteurCore
public import Foundation
public import PennylaneAPI
public import Store
import QontoAPI

/// Mirrors Pennylane's suppliers, customers and supplier invoices locally (read only), for
/// matching and the duplicate check. Pennylane cannot filter suppliers by VAT, SIREN or IBAN, so
/// the whole list is kept here. After the first mirror, the changelog endpoints say whether a list
/// changed since the last refresh; only a changed list is read again (they keep 4 weeks: an older
/// mirror is read again in full).
public struct RefreshDirectory: Sendable {
    /// The workspace's store.
    public let store: any WorkspaceStore
    /// The clock.
    public let now: @Sendable () -> Date

    /// Creates the use case.
    public init(store: any WorkspaceStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.now = now
    }

    /// What a refresh did.
    public struct Summary: Sendable, Codable, Hashable {
        /// Suppliers mirrored (nil: unchanged since the last refresh).
        public var suppliers: Int?
        /// Customers mirrored (nil: unchanged).
        public var customers: Int?
        /// Supplier invoices mirrored (nil: unchanged).
        public var supplierInvoices: Int?
        /// HTTP requests made.
        public var requests = 0
    }

    /// The settings key of the last refresh's start.
    static let markerKey = "pennylane.refreshed_at"

    /// Refreshes the mirror. Blocking (libcurl): call it from a dedicated thread.
    /// - Throws: ``PennylaneError``, ``StoreError``.
    public func runBlocking(client: PennylaneClient) throws -> Summary {
        let started = now()
        let settings = store.settings
        let last = try settings.value(Self.markerKey).flatMap(Timestamp.parse)
        let fresh = last.map { started.timeIntervalSince($0) < 27 * 86_400 } ?? false
        var summary = Summary()
        let directory = store.counterparties
        if try !fresh || changed(.suppliers, since: last, client: client) {
            summary.suppliers = try directory.replace(source: "pennylane", kind: .supplier, with: all(client.suppliers(onPage:)) {
                Counterparty(id: "pennylane:supplier:\($0.id)", kind: .supplier, name: $0.name, siren: $0.regNo,
                             siret: $0.establishmentNo, vatNumber: $0.vatNumber, iban: $0.iban, source: "pennylane")
            }, now: started)
        }
        if try !fresh || changed(.customers, since: last, client: client) {
            summary.customers = try directory.replace(source: "pennylane", kind: .customer, with: all(client.customers(onPage:)) {
                Counterparty(id: "pennylane:customer:\($0.id)", kind: .customer, name: $0.name, siren: $0.regNo,
                             siret: $0.establishmentNo, vatNumber: $0.vatNumber, iban: $0.billingIBAN, source: "pennylane")
            }, now: started)
        }
        if try !fresh || changed(.supplierInvoices, since: last, client: client) {
            let invoices = try all({ try client.supplierInvoices(onPage: $0) }) {
                LedgerInvoice(source: "pennylane", sourceRef: String($0.id), kind: "supplier",
                              counterpartyID: $0.supplierID.map { "pennylane:supplier:\($0)" }, invoiceNumber: $0.invoiceNumber,
                              amountCents: ImportLedger.cents($0.amount), date: $0.date?.description, label: $0.label ?? $0.filename,
                              isCreditNote: $0.amount < 0)  // a credit note's total is negative
            }
            summary.supplierInvoices = try store.ledger.replace(source: "pennylane", with: invoices, now: started)
        }
        try settings.set(Self.markerKey, Timestamp.format(started), now: started)
        summary.requests = client.requestCount
        return summary
    }

    /// Every item of a paged list, mapped to rows.
    private func all<Item, Row>(_ list: (([Item]) throws -> Void) throws -> Void, _ row: @escaping (Item) -> Row) throws -> [Row] {
        var rows: [Row] = []
        try list { rows += $0.map(row) }
        return rows
    }

    private func changed(_ resource: PennylaneClient.ChangelogResource, since: Date?, client: PennylaneClient) throws -> Bool {
        var any = false
        try client.changelogs(resource, since: since) { page in any = any || !page.isEmpty }
        return any
    }

    /// Refreshes the mirror when a Pennylane token is configured; a failure is reported, not thrown:
    /// the window then matches against the last mirror. Blocking.
    /// - Returns: The summary, or nil when no token is configured.
    /// - Parameter report: Receives one line when the refresh fails.
    public static func refreshIfConfigured(_ configuration: FacteurConfiguration, store: any WorkspaceStore,
                                           secret: (String) throws -> String?, report: (String) -> Void) -> Summary? {
        do {
            guard let client = try client(configuration, secret: secret) else { return nil }
            return try RefreshDirectory(store: store).runBlocking(client: client)
        } catch {
            report("Pennylane directory not refreshed (\(error)); matching uses the last mirror")
            return nil
        }
    }

    /// A client for the configured Pennylane API, or nil when no token is configured or stored.
    /// - Parameter secret: Reads a stored secret by name.
    public static func client(_ configuration: FacteurConfiguration, secret: (String) throws -> String?) throws -> PennylaneClient? {
        guard let token = try configuration.matching.pennylaneToken?.exposedValue ?? secret("pennylane_token") else { return nil }
        let http = configuration.qonto.settings.http
        return try PennylaneClient(settings: PennylaneSettings(apiURL: configuration.matching.pennylaneURL, token: token, http: http))
    }
}
