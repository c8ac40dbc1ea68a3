public import FacteurCore
public import Foundation


extension QontoClient {
    /// One page of a list.
    public struct Page<Item: Sendable>: Sendable {
        /// The items.
        public var items: [Item]
        /// The next page number, nil on the last page.
        public var nextPage: Int?
    }

    /// Lists invoices of a kind updated within `[from, to]`, oldest change first, until the end.
    ///
    /// Keyset walk rather than page numbers: each request asks for page 1 from the last
    /// `updated_at` seen (inclusive, whole seconds), and repeats are recognised by id and
    /// `updated_at`. With page numbers, a record that changes during the walk leaves the result set
    /// and shifts every later record one place up, so one record would be silently skipped; here
    /// nothing shifts. Page numbers (`page`, never `current_page`, which Qonto ignores) are only used
    /// to get through more than a page of records sharing one second.
    /// - Parameters:
    ///   - kind: Supplier or client invoices.
    ///   - from: Inclusive lower bound on `updated_at`.
    ///   - to: Upper bound, fixed for the whole walk so records changing meanwhile are seen next time.
    ///   - onRefused: Receives each listed record refused at decoding because an ID in it is not a
    ///     Qonto ID (``QontoError/Code/invalidID``), so the caller can hold it: it is never passed
    ///     on as an invoice, and never silently dropped.
    ///   - onPage: Receives each page's new records as they arrive (constant memory for backfills).
    /// - Throws: ``QontoError``.
    public func invoices(_ kind: InvoiceKind, updatedFrom from: Date, to: Date,
                         onRefused: (QontoRefusedRecord) throws -> Void = { _ in },
                         onPage: ([QontoInvoice]) throws -> Void) throws {
        let (path, key) = kind == .supplier ? ("/v2/supplier_invoices", "supplier_invoices") : ("/v2/client_invoices", "client_invoices")
        var cursor = Date(timeIntervalSince1970: from.timeIntervalSince1970.rounded(.down))
        var page = 1
        var seen = Set<String>()
        for _ in 0..<1_000_000 {
            let object = try get(path, query: [
                ("filter[updated_at_from]", QontoTime.filterValue(cursor)), ("filter[updated_at_to]", QontoTime.filterValue(to)),
                ("sort_by", "updated_at:asc"), ("page", String(page)), ("per_page", String(settings.perPage)),
            ])
            guard let list = object[key] as? [[String: Any]] else {
                throw QontoError(.decoding, "Qonto's \(path) answer has no \"\(key)\" list")
            }
            var items: [QontoInvoice] = []
            for json in list {
                let decoded = Result { () throws(QontoError) in try QontoInvoice(kind: kind, json: json) }
                switch decoded {
                case .success(let invoice):
                    items.append(invoice)
                case .failure(let error):
                    guard error.code == .invalidID else { throw error }
                    try onRefused(QontoRefusedRecord(kind: kind, json: json, error: error))
                }
            }
            try onPage(items.filter { seen.insert("\($0.id)@\($0.updatedAt.timeIntervalSince1970)").inserted })
            guard Self.nextPage(object["meta"] as? [String: Any], current: page) != nil, !list.isEmpty else { return }
            // The cursor comes from the last item listed, refused or not: a page whose items were
            // all refused must not end the walk early (the window would commit and its marker move
            // past the records on the next pages). Without a readable `updated_at` there, page on.
            let lastListed = (list.last?["updated_at"] as? String).flatMap(QontoTime.parse) ?? items.last?.updatedAt
            let lastSecond = lastListed.map { Date(timeIntervalSince1970: $0.timeIntervalSince1970.rounded(.down)) } ?? cursor
            if lastSecond > cursor {
                cursor = lastSecond
                page = 1
            } else {
                page += 1  // a full page within one second: page through that second
            }
        }
        throw QontoError(.decoding, "\(path) did not end after 1 000 000 requests")
    }

    /// One invoice by ID (`GET /v2/supplier_invoices/{id}` or `/v2/client_invoices/{id}`), as it is now.
    /// - Throws: ``QontoError`` (`.notFound` when Qonto no longer has it).
    public func invoice(_ kind: InvoiceKind, id: String) throws(QontoError) -> QontoInvoice {
        let (path, key) = kind == .supplier ? ("/v2/supplier_invoices", "supplier_invoice") : ("/v2/client_invoices", "client_invoice")
        guard QontoID.isValid(id) else {
            throw QontoError(.rejected, "not a Qonto record ID: \(QontoID.quoted(id))")
        }
        let object = try get("\(path)/\(id)")
        guard let json = object[key] as? [String: Any] else {
            throw QontoError(.decoding, "Qonto's \(path)/{id} answer has no \"\(key)\" object")
        }
        return try QontoInvoice(kind: kind, json: json)
    }

    /// The next page from a `meta` block: `next_page` when it is a number greater than the current
    /// page, else `current_page < total_pages`; nil at the end (null, absent or 0 `next_page`).
    static func nextPage(_ meta: [String: Any]?, current: Int) -> Int? {
        guard let meta else { return nil }
        let reported = (meta["current_page"] as? NSNumber)?.intValue ?? current
        if let next = (meta["next_page"] as? NSNumber)?.intValue { return next > reported ? next : nil }
        if let total = (meta["total_pages"] as? NSNumber)?.intValue, reported < total { return reported + 1 }
        return nil
    }

    /// The organisation's bank accounts (`GET /v2/organization`): id and IBAN of each. Asked once
    /// per client (a client lives for one sync), however many windows need them.
    public func bankAccounts() throws -> [(id: String, iban: String?)] {
        if let cachedBankAccounts { return cachedBankAccounts }
        let object = try get("/v2/organization")
        guard let organization = object["organization"] as? [String: Any] else {
            throw QontoError(.decoding, "Qonto's /v2/organization answer has no \"organization\"")
        }
        let accounts = (organization["bank_accounts"] as? [[String: Any]] ?? []).compactMap { account in
            (account["id"] as? String).map { (id: $0, iban: account["iban"] as? String) }
        }
        cachedBankAccounts = accounts
        return accounts
    }
}

extension QontoClient {
    /// Transactions of one bank account updated within `[from, to]`, every status that matters for
    /// matching (`completed`, `pending`, `declined`, `reversed`), walking `page` to the end.
    /// - Throws: ``QontoError``.
    public func transactions(bankAccountID: String, updatedFrom from: Date, to: Date,
                             onPage: ([QontoTransaction]) throws -> Void) throws {
        var page = 1
        for _ in 0..<100_000 {
            let object = try get("/v2/transactions", query: [
                ("bank_account_id", bankAccountID), ("updated_at_from", QontoTime.filterValue(from)),
                ("updated_at_to", QontoTime.filterValue(to)), ("status[]", "completed"), ("status[]", "pending"),
                ("status[]", "declined"), ("status[]", "reversed"), ("sort_by", "updated_at:asc"),
                ("page", String(page)), ("per_page", String(settings.perPage)),
            ])
            guard let list = object["transactions"] as? [[String: Any]] else {
                throw QontoError(.decoding, "Qonto's /v2/transactions answer has no \"transactions\" list")
            }
            try onPage(try list.map { json throws(QontoError) in try QontoTransaction(json: json) })
            guard let next = Self.nextPage(object["meta"] as? [String: Any], current: page) else { return }
            page = next
        }
    }
}
