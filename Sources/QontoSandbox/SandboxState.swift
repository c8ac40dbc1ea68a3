/// The sandbox's mutable data: the dataset (invoices can be touched), the request log and the
/// key that signs attachment URLs.
///
/// One actor, because these really are shared between concurrent requests and the test that
/// drives the sandbox; every method is short and never suspends.
actor SandboxState {
    private(set) var dataset: Dataset
    private var supplierIndex: [String: Int] = [:]
    private var clientIndex: [String: Int] = [:]
    private var log: [SandboxRequest] = []
    /// Signs presigned URLs; random per instance, like an S3 secret that no client knows.
    let signingKey: [UInt8] = Array(OAuthAuthority.randomHex().utf8)
    let clock: @Sendable () -> Instant

    init(dataset: Dataset, clock: @escaping @Sendable () -> Instant) {
        self.dataset = dataset
        self.clock = clock
        for (position, invoice) in dataset.supplierInvoices.enumerated() { supplierIndex[invoice.id] = position }
        for (position, invoice) in dataset.clientInvoices.enumerated() { clientIndex[invoice.id] = position }
    }

    // MARK: Reads

    var organization: JSON { dataset.organization }
    var supplierInvoices: [Resource] { dataset.supplierInvoices }
    var clientInvoices: [Resource] { dataset.clientInvoices }
    var transactions: [Resource] { dataset.transactions }

    func supplierInvoice(id: String) -> Resource? { supplierIndex[id].map { dataset.supplierInvoices[$0] } }
    func clientInvoice(id: String) -> Resource? { clientIndex[id].map { dataset.clientInvoices[$0] } }
    func transaction(id: String) -> Resource? { dataset.transactions.first { $0.id == id } }
    func attachment(id: String) -> AttachmentRecord? { dataset.attachments[id] }

    /// The current bytes of an attachment, or `nil` when it does not exist or cannot be read.
    func fileBytes(attachmentID: String) -> [UInt8]? {
        guard let record = dataset.attachments[attachmentID] else { return nil }
        let organizationName = dataset.organization["legal_name"]?.stringValue ?? dataset.organization["name"]?.stringValue ?? ""
        return try? AttachmentRenderer.bytes(for: record.content, invoice: { id in
            self.supplierIndex[id].map { self.dataset.supplierInvoices[$0].body }
                ?? self.clientIndex[id].map { self.dataset.clientInvoices[$0].body }
        }, organizationName: organizationName)
    }

    // MARK: Changes

    /// Bumps `updated_at` of a supplier or client invoice to now and optionally sets its total.
    ///
    /// A new amount also rescales `total_amount_excluding_taxes` and `total_tax_amount` (keeping
    /// the tax ratio) and `payable_amount`; the invoice's PDF shows the new figures.
    /// - Returns: the updated invoice object, or `nil` when no invoice has this id.
    @discardableResult
    func touchInvoice(id: String, newAmount: String?) -> JSON? {
        let now = clock()
        if let position = supplierIndex[id] {
            var invoice = dataset.supplierInvoices[position]
            let previous = invoice.updatedAt
            // Strictly later than before, even when the clock stands still in a test.
            invoice.set("updated_at", .string(max(now, previous.adding(milliseconds: 1)).iso8601))
            if let newAmount { SandboxState.setAmount(newAmount, on: &invoice) }
            dataset.supplierInvoices[position] = invoice
            return invoice.body
        }
        if let position = clientIndex[id] {
            var invoice = dataset.clientInvoices[position]
            invoice.set("updated_at", .string(max(now, invoice.updatedAt.adding(milliseconds: 1)).iso8601))
            if let newAmount {
                let currency = invoice.body["total_amount"]?["currency"]?.stringValue ?? "EUR"
                invoice.set("total_amount", .object([("value", .string(newAmount)), ("currency", .string(currency))]))
                if let cents = SandboxState.cents(newAmount) { invoice.set("total_amount_cents", .int(cents)) }
            }
            dataset.clientInvoices[position] = invoice
            return invoice.body
        }
        return nil
    }

    private static func setAmount(_ amount: String, on invoice: inout Resource) {
        let currency = invoice.body["total_amount"]?["currency"]?.stringValue ?? "EUR"
        func money(_ value: String) -> JSON { .object([("value", .string(value)), ("currency", .string(currency))]) }
        let oldTotal = invoice.body["total_amount"]?["value"]?.stringValue.flatMap(cents)
        let oldTax = invoice.body["total_tax_amount"]?["value"]?.stringValue.flatMap(cents)
        invoice.set("total_amount", money(amount))
        if invoice.body["payable_amount"] != nil, invoice.body["payment_date"] == .null {
            invoice.set("payable_amount", money(amount))
        }
        guard let newTotal = cents(amount) else { return }
        let tax = (oldTotal ?? 0) != 0 ? (newTotal * (oldTax ?? 0)) / oldTotal! : 0
        invoice.set("total_tax_amount", money(DatasetGenerator.decimal(tax)))
        invoice.set("total_amount_excluding_taxes", money(DatasetGenerator.decimal(newTotal - tax)))
    }

    /// `"12.34"` → 1234, `"-45"` → -4500; `nil` for anything that is not a decimal with ≤ 2 places.
    static func cents(_ decimal: String) -> Int? {
        let negative = decimal.hasPrefix("-")
        let digits = negative ? String(decimal.dropFirst()) : decimal
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int(parts[0]), whole >= 0 else { return nil }
        var fraction = 0
        if parts.count == 2 {
            guard (1...2).contains(parts[1].count), let value = Int(parts[1]) else { return nil }
            fraction = parts[1].count == 1 ? value * 10 : value
        }
        return (negative ? -1 : 1) * (whole * 100 + fraction)
    }

    // MARK: Request log

    func record(_ request: SandboxRequest) { log.append(request) }
    var requests: [SandboxRequest] { log }
    func clearRequests() { log.removeAll() }
}
