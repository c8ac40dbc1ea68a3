/// A supplier invoice being generated, rendered to the JSON of qonto-api.md §3.2.
///
/// A typed draft keeps the generator readable (the special cases below just set fields); the
/// JSON keeps the key order of Qonto's documented example and writes absent values as `null`.
struct SupplierInvoiceDraft {
    var id: String
    var organizationID: String
    var status: String
    var sourceType = "email"
    var source = "email_forward"
    var fileName: String
    var attachmentID = ""
    var displayAttachmentID = ""
    var invoiceNumber: String?
    var supplierName: String?
    var supplierID: String?
    var vatNumber: String?
    var currency = "EUR"
    var totalCents: Int?
    var excludingTaxesCents: Int?
    var taxCents: Int?
    /// Overrides the printed total (`"1000"`, without decimals).
    var totalLiteral: String?
    var issueDate: Instant?
    var dueDate: Instant?
    var paymentDate: Instant?
    var scheduledDate: Instant?
    var iban: String?
    var isEinvoice = false
    var einvoiceType: String?
    var isCreditNote = false
    var isAttachmentInvoice = true
    var isAttachmentNonFinancial = false
    var attachmentCategory = "INVOICE"
    var hasDuplicates = false
    var declinedNote: String?
    var analyzedAt: Instant?
    var matchedTransactions: [String] = []
    var createdAt: Instant
    var updatedAt: Instant
    /// When the payment left the account (drives the matching transaction); `nil` if unpaid.
    var paidAt: Instant?
    var hasFutureField = false

    var json: JSON {
        let money = DatasetGenerator.money
        var members: [(String, JSON)] = [
            ("id", .string(id)), ("organization_id", .string(organizationID)), ("status", .string(status)),
            ("source_type", .string(sourceType)), ("source", .string(source)), ("file_name", .string(fileName)),
            ("attachment_id", .string(attachmentID)), ("display_attachment_id", .string(displayAttachmentID)),
            ("invoice_number", .string(invoiceNumber)), ("supplier_name", .string(supplierName)),
            ("supplier_id", .string(supplierID)), ("vat_number", .string(vatNumber)),
            ("total_amount", money(totalCents, currency, totalLiteral)),
            ("total_amount_excluding_taxes", money(excludingTaxesCents, currency, nil)),
            ("total_tax_amount", money(taxCents, currency, nil)),
            ("payable_amount", money(paymentDate == nil ? totalCents : 0, currency, paymentDate == nil ? totalLiteral : nil)),
            ("issue_date", .string(issueDate?.day)), ("due_date", .string(dueDate?.day)),
            ("payment_date", .string(paymentDate?.day)), ("scheduled_date", .string(scheduledDate?.day)),
            ("iban", .string(iban)), ("is_einvoice", .bool(isEinvoice)),
        ]
        if let einvoiceType { members.append(("e_invoice_type", .string(einvoiceType))) }
        members += [
            ("is_credit_note", .bool(isCreditNote)), ("is_attachment_invoice", .bool(isAttachmentInvoice)),
            ("is_attachment_non_financial", .bool(isAttachmentNonFinancial)),
            ("attachment_category", .string(attachmentCategory)), ("has_duplicates", .bool(hasDuplicates)),
            ("has_discrepancies", .bool(false)), ("declined_note", .string(declinedNote)),
            ("analyzed_at", .string(analyzedAt?.iso8601)),
            ("matched_transactions", .array(matchedTransactions.map(JSON.string))),
            ("created_at", .string(createdAt.iso8601)), ("updated_at", .string(updatedAt.iso8601)),
        ]
        if hasFutureField {
            // A field the client does not know yet: decoders must ignore it.
            members.append(("some_future_field", .object([("nested", .bool(true))])))
        }
        return .object(members)
    }
}
