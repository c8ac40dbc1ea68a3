import Foundation

extension PennylaneClient {
    /// Every supplier (`GET /suppliers`, scope `suppliers:readonly`), page by page.
    ///
    /// Pennylane cannot filter suppliers on SIREN, VAT number or IBAN, so Facteur mirrors the list.
    /// - Throws: ``PennylaneError``, or what `onPage` throws.
    public func suppliers(onPage: ([PennylaneSupplier]) throws -> Void) throws {
        try paginate("/suppliers", query: [("sort", "id")], limit: settings.pageSize) { items in
            try onPage(try items.map { json throws(PennylaneError) in try PennylaneSupplier(json: json) })
        }
    }

    /// Every customer (`GET /customers`, scope `customers:readonly`), page by page.
    /// - Throws: ``PennylaneError``, or what `onPage` throws.
    public func customers(onPage: ([PennylaneCustomer]) throws -> Void) throws {
        try paginate("/customers", query: [("sort", "id")], limit: settings.pageSize) { items in
            try onPage(try items.map { json throws(PennylaneError) in try PennylaneCustomer(json: json) })
        }
    }

    /// Supplier invoices matching every filter (`GET /supplier_invoices`, scope
    /// `supplier_invoices:readonly`), page by page; no filter lists them all.
    ///
    /// Pennylane filters `id`, `supplier_id`, `invoice_number` (eq, not_eq, in, not_in), `date`,
    /// `category_id`, `external_reference` and `payment_status`.
    /// - Throws: ``PennylaneError`` (`.rejected` for a filter Pennylane does not accept), or what `onPage` throws.
    public func supplierInvoices(filters: [PennylaneFilter] = [], onPage: ([PennylaneSupplierInvoice]) throws -> Void) throws {
        var query = [("sort", "id")]
        if !filters.isEmpty { query.append(("filter", PennylaneFilter.queryValue(filters))) }
        try paginate("/supplier_invoices", query: query, limit: settings.pageSize) { items in
            try onPage(try items.map { json throws(PennylaneError) in try PennylaneSupplierInvoice(json: json) })
        }
    }
}
