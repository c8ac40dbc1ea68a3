public import Foundation

extension PennylaneClient {
    /// A resource whose changes Pennylane logs (`GET /changelogs/{resource}`).
    public enum ChangelogResource: String, Sendable, Hashable, CaseIterable {
        /// `suppliers` (scope `suppliers:readonly`).
        case suppliers
        /// `customers` (scope `customers:readonly`).
        case customers
        /// `supplier_invoices` (scope `supplier_invoices:readonly`).
        case supplierInvoices = "supplier_invoices"
    }

    /// Changes to a resource, oldest first, page by page.
    ///
    /// Pennylane keeps four weeks of changes: without `since` it returns those; a `since` older
    /// than that is refused (``PennylaneError/Code/rejected``, 422). `start_date` goes with the
    /// first request only, since Pennylane refuses it together with `cursor`.
    /// - Parameters:
    ///   - resource: Which log.
    ///   - since: Changes processed at or after this instant (`start_date`, RFC 3339).
    ///   - onPage: Receives each page's changes.
    /// - Throws: ``PennylaneError``, or what `onPage` throws.
    public func changelogs(_ resource: ChangelogResource, since: Date?, onPage: ([PennylaneChange]) throws -> Void) throws {
        let firstOnly = since.map { [("start_date", PennylaneTime.format($0))] } ?? []
        try paginate("/changelogs/\(resource.rawValue)", firstOnly: firstOnly, limit: settings.changelogPageSize) { items in
            try onPage(try items.map { json throws(PennylaneError) in try PennylaneChange(json: json) })
        }
    }
}
