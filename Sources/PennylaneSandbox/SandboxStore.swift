import Foundation

/// The sandbox's mutable state: records, changelogs, the per-token rate-limit windows, forced
/// 429s and the request log. One actor; every method is short and never suspends.
actor SandboxStore {
    private var suppliers: [Int: PennylaneDataset.Supplier] = [:]
    private var customers: [Int: PennylaneDataset.Customer] = [:]
    private var invoices: [Int: PennylaneDataset.SupplierInvoice] = [:]
    /// Per resource, ordered by `processed_at` (ties keep insertion order).
    private var changes: [PennylaneDataset.Resource: [PennylaneDataset.Change]] = [:]
    private var admitted: [String: [Double]] = [:]
    private var forcedTooManyRequests = 0
    private var forcedRetryAfter: Int?
    private(set) var requests: [PennylaneSandboxRequest] = []
    let configuration: PennylaneSandboxConfiguration

    init(configuration: PennylaneSandboxConfiguration) {
        self.configuration = configuration
        let dataset = configuration.dataset
        for supplier in dataset.suppliers { suppliers[supplier.id] = supplier }
        for customer in dataset.customers { customers[customer.id] = customer }
        for invoice in dataset.supplierInvoices { invoices[invoice.id] = invoice }
        for change in dataset.changes { changes[change.resource] = Self.inserting(change, into: changes[change.resource] ?? []) }
    }

    // MARK: Records

    var supplierList: [PennylaneDataset.Supplier] { suppliers.values.sorted { $0.id < $1.id } }
    var customerList: [PennylaneDataset.Customer] { customers.values.sorted { $0.id < $1.id } }
    var invoiceList: [PennylaneDataset.SupplierInvoice] { invoices.values.sorted { $0.id < $1.id } }
    func changeList(_ resource: PennylaneDataset.Resource) -> [PennylaneDataset.Change] { changes[resource] ?? [] }

    /// Adds or replaces a supplier and logs `insert` or `update` at the sandbox's now.
    func upsert(_ supplier: PennylaneDataset.Supplier) {
        let operation = suppliers[supplier.id] == nil ? "insert" : "update"
        suppliers[supplier.id] = supplier
        insert(.init(resource: .suppliers, recordID: supplier.id, operation: operation, processedAt: configuration.now()))
    }

    /// Adds or replaces a customer and logs the change.
    func upsert(_ customer: PennylaneDataset.Customer) {
        let operation = customers[customer.id] == nil ? "insert" : "update"
        customers[customer.id] = customer
        insert(.init(resource: .customers, recordID: customer.id, operation: operation, processedAt: configuration.now()))
    }

    /// Adds or replaces a supplier invoice and logs the change.
    func upsert(_ invoice: PennylaneDataset.SupplierInvoice) {
        let operation = invoices[invoice.id] == nil ? "insert" : "update"
        invoices[invoice.id] = invoice
        insert(.init(resource: .supplierInvoices, recordID: invoice.id, operation: operation, processedAt: configuration.now()))
    }

    /// Appends a change at its place in time.
    func insert(_ change: PennylaneDataset.Change) {
        changes[change.resource] = Self.inserting(change, into: changes[change.resource] ?? [])
    }

    /// The list with `change` after every change processed at or before it.
    private static func inserting(_ change: PennylaneDataset.Change, into list: [PennylaneDataset.Change]) -> [PennylaneDataset.Change] {
        var list = list
        let position = list.lastIndex { $0.processedAt <= change.processedAt }.map { $0 + 1 } ?? 0
        list.insert(change, at: position)
        return list
    }

    // MARK: Rate limit and faults

    /// Admits a request of `token` now, or returns the seconds until it could be (the `retry-after`).
    /// - Returns: `(retryAfter, remaining, reset)`: `retryAfter` nil when admitted.
    func admit(token: String) -> (retryAfter: Int?, remaining: Int, reset: Int) {
        let now = configuration.now().timeIntervalSince1970
        let window = configuration.rateWindow
        var times = (admitted[token] ?? []).filter { $0 > now - window }
        defer { admitted[token] = times }
        let reset = { (times: [Double]) in times.first.map { Int(($0 + window - now).rounded(.up)) } ?? 0 }
        guard times.count < configuration.rateLimit else {
            let wait = times[times.count - configuration.rateLimit] + window - now
            return (max(1, Int(wait.rounded(.up))), 0, reset(times))
        }
        times.append(now)
        return (nil, configuration.rateLimit - times.count, reset(times))
    }

    /// Forces the next `count` API responses to be 429, with `retry-after` when given.
    func forceTooManyRequests(next count: Int, retryAfter: Int?) {
        forcedTooManyRequests = max(0, count)
        forcedRetryAfter = retryAfter
    }

    /// Whether this response must be a forced 429 (and its `retry-after`); counts it down.
    func takeForcedTooManyRequests() -> (Bool, Int?) {
        guard forcedTooManyRequests > 0 else { return (false, nil) }
        forcedTooManyRequests -= 1
        return (true, forcedRetryAfter)
    }

    // MARK: Request log

    func record(_ request: PennylaneSandboxRequest) { requests.append(request) }
    func clearRequests() { requests = [] }
}
