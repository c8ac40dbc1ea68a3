/// Client invoices (sales): about a quarter as many as supplier invoices.
///
/// The shape is invented from qonto-api.md §3.6 and Qonto's invoicing API conventions (there is no
/// documented example): `id`, `organization_id`, `number`, `status` (`unpaid`, `paid`,
/// `canceled`), `invoice_url`, `contact_email`, `client {id, name, type, vat_number, email}`,
/// `currency`, `total_amount {value, currency}` + `total_amount_cents`, `vat_amount` +
/// `vat_amount_cents`, `issue_date`, `due_date`, `paid_at`, `items` (each `{title, quantity,
/// unit_price, vat_rate, total_amount}`; a few lists contain a `null` item, as qontoctl saw),
/// `attachment_id`, `created_at`, `updated_at`.
extension DatasetGenerator {
    /// A generated client invoice, kept typed for the transaction pass (paid ones become credits).
    struct ClientInvoiceDraft {
        var json: JSON
        var id: String
        var number: String
        var clientName: String
        var cents: Int
        var paidAt: Instant?
    }

    mutating func makeClientInvoices() -> [ClientInvoiceDraft] {
        var random = SeededGenerator(seed: seed, stream: 4)
        let total = invoicesPerYear * years / 4
        guard total > 0 else { return [] }
        let span = Int64(years) * 365 * 86_400_000
        let clients = Names.clients.map { name in (id: random.uuid(), name: name, vat: DatasetGenerator.frenchVAT(random: &random)) }
        var invoices: [ClientInvoiceDraft] = []
        for index in 0..<total {
            let position = (Double(index) + 0.5) / Double(total)
            let created = now.adding(milliseconds: -span + Int64(Double(span - 7_200_000) * position))
            let client = random.pick(clients)
            let id = random.uuid()
            let number = "FAC-\(String(repeating: "0", count: max(0, 5 - String(index + 1).count)))\(index + 1)"
            var items: [JSON] = []
            var excluding = 0
            for _ in 0..<random.int(in: 1...3) {
                let unit = random.int(in: 5_000...150_000)
                let quantity = random.int(in: 1...4)
                excluding += unit * quantity
                items.append(.object([
                    ("title", .string(random.pick(Names.productTitles))), ("quantity", .string("\(quantity).0")),
                    ("unit_price", DatasetGenerator.money(unit, "EUR")), ("vat_rate", .string("0.2")),
                    ("total_amount", DatasetGenerator.money(unit * quantity * 12 / 10, "EUR")),
                ]))
            }
            if random.chance(5) { items.append(.null) }
            let vat = excluding / 5
            let cents = excluding + vat
            let issue = created
            let due = issue.adding(seconds: 30 * 86_400)
            let ageDays = (now.milliseconds - created.milliseconds) / 86_400_000
            let roll = random.int(in: 0...99)
            let status = ageDays > 45 ? (roll < 90 ? "paid" : roll < 95 ? "canceled" : "unpaid") : (roll < 25 ? "paid" : "unpaid")
            let paidAt = status == "paid"
                ? Instant(milliseconds: min(now.milliseconds - 120_000, created.milliseconds + Int64(random.int(in: 2...40)) * 86_400_000))
                : nil
            let updated = min(now.adding(seconds: -1), (paidAt ?? created).adding(milliseconds: Int64(random.int(in: 500...90_000))))
            let attachmentID = addAttachment(id: random.uuid(), createdAt: created, fileName: "Facture \(number).pdf",
                                             contentType: "application/pdf", content: .invoicePDF(invoiceID: id))
            let json = JSON.object([
                ("id", .string(id)), ("organization_id", .string(organizationID)), ("number", .string(number)),
                ("status", .string(status)), ("invoice_url", .string("https://pay.qonto.invalid/invoices/\(id)")),
                ("contact_email", .string("factures@atelier-facteur.invalid")),
                ("client", .object([("id", .string(client.id)), ("name", .string(client.name)), ("type", .string("company")),
                                    ("vat_number", .string(client.vat)), ("email", .string("compta@client.invalid"))])),
                ("currency", .string("EUR")), ("total_amount", DatasetGenerator.money(cents, "EUR")), ("total_amount_cents", .int(cents)),
                ("vat_amount", DatasetGenerator.money(vat, "EUR")), ("vat_amount_cents", .int(vat)),
                ("issue_date", .string(issue.day)), ("due_date", .string(due.day)), ("paid_at", .string(paidAt?.iso8601)),
                ("items", .array(items)), ("attachment_id", .string(attachmentID)),
                ("created_at", .string(created.iso8601)), ("updated_at", .string(updated.iso8601)),
            ])
            invoices.append(ClientInvoiceDraft(json: json, id: id, number: number, clientName: client.name, cents: cents, paidAt: paidAt))
        }
        return invoices
    }
}
