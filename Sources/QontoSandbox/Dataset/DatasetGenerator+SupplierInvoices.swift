/// Supplier invoices: `invoicesPerYear × years` items spread evenly over the last `years` years.
///
/// Most are ordinary PDFs; a shuffled handful become the special cases a real inbox contains
/// (see ``Special``). Older items are mostly paid, recent ones are still in the workflow.
extension DatasetGenerator {
    /// The unusual items, each assigned to at most `count` invoices (fewer when the dataset is small).
    enum Special: CaseIterable {
        case reviewDocument, jpegReceipt, pngReceipt, einvoice, xmlOnly, emptyFile, creditNote, unknownStatus
        case longName, cjkDollar, greek, duplicate, mislabelledImage, probativePending

        var count: Int {
            switch self {
            case .reviewDocument: 4
            case .jpegReceipt, .pngReceipt: 3
            case .einvoice, .creditNote, .unknownStatus: 2
            default: 1
            }
        }
    }

    mutating func makeSupplierInvoices() -> [SupplierInvoiceDraft] {
        var random = SeededGenerator(seed: seed, stream: 3)
        let total = invoicesPerYear * years
        guard total > 0 else { return [] }
        let span = Int64(years) * 365 * 86_400_000
        var specials: [Int: Special] = [:]
        var slots = random.shuffle(Array(0..<total))
        for special in Special.allCases {
            for _ in 0..<special.count where !slots.isEmpty { specials[slots.removeLast()] = special }
        }
        var sequence: [String: Int] = [:]
        var invoices: [SupplierInvoiceDraft] = []
        for index in 0..<total {
            // Evenly spread with jitter, oldest first, never in the future.
            let position = (Double(index) + 0.05 + 0.9 * Double(random.int(in: 0...1000)) / 1000) / Double(total)
            let created = now.adding(milliseconds: -span + Int64(Double(span - 3_600_000) * position))
            let supplier = random.pick(suppliers)
            sequence[supplier.id, default: random.int(in: 10...900)] += 1
            var invoice = ordinaryInvoice(supplier: supplier, number: sequence[supplier.id]!, created: created, random: &random)
            if let special = specials[index] { apply(special, to: &invoice, previous: invoices.last, random: &random) }
            invoices.append(invoice)
        }
        shareUpdatedAtOfTwoRecentInvoices(&invoices)
        return invoices
    }

    private mutating func ordinaryInvoice(supplier: SupplierDraft, number: Int, created: Instant,
                                          random: inout SeededGenerator) -> SupplierInvoiceDraft {
        let excluding = DatasetGenerator.randomAmount(&random)
        let rate = random.pick([2000, 2000, 2000, 2000, 2000, 2000, 2000, 1000, 550, 0])  // basis points ×10
        let tax = (excluding * rate + 5000) / 10_000
        let issue = Instant(milliseconds: created.milliseconds - Int64(random.int(in: 0...4)) * 86_400_000)
        let due = issue.adding(seconds: Int64(random.pick([0, 15, 30, 30, 45, 60])) * 86_400)
        let analyzed = created.adding(milliseconds: Int64(random.int(in: 4_000...95_000)))
        let number = DatasetGenerator.invoiceNumber(format: supplier.numberFormat, sequence: number)
        var invoice = SupplierInvoiceDraft(
            id: random.uuid(), organizationID: organizationID, status: "to_review",
            fileName: "Facture \(number) \(supplier.name).pdf", invoiceNumber: number, supplierName: supplier.name,
            supplierID: supplier.id, vatNumber: supplier.vatNumber, totalCents: excluding + tax,
            excludingTaxesCents: excluding, taxCents: tax, issueDate: issue, dueDate: due, iban: supplier.iban,
            analyzedAt: analyzed, createdAt: created, updatedAt: analyzed.adding(milliseconds: 18))
        invoice.source = random.pick(["email_forward", "email_forward", "web_upload", "mobile_upload"])
        invoice.sourceType = invoice.source == "email_forward" ? "email" : "upload"
        invoice.hasFutureField = random.chance(6)
        setWorkflowStatus(&invoice, random: &random)
        invoice.attachmentID = addAttachment(id: random.uuid(), createdAt: created, fileName: invoice.fileName,
                                             contentType: "application/pdf", content: .invoicePDF(invoiceID: invoice.id))
        invoice.displayAttachmentID = invoice.attachmentID
        return invoice
    }

    /// Old invoices are settled; the last two months are still being reviewed, approved or paid.
    private func setWorkflowStatus(_ invoice: inout SupplierInvoiceDraft, random: inout SeededGenerator) {
        let ageDays = (now.milliseconds - invoice.createdAt.milliseconds) / 86_400_000
        let roll = random.int(in: 0...99)
        let status: String
        if ageDays > 60 {
            status = roll < 85 ? "paid" : roll < 90 ? "archived" : roll < 94 ? "rejected" : roll < 97 ? "discarded" : "awaiting_payment"
        } else {
            status = roll < 30 ? "to_review" : roll < 45 ? "to_approve" : roll < 70 ? "awaiting_payment"
                : roll < 80 ? "scheduled" : roll < 85 ? "pending" : "paid"
        }
        invoice.status = status
        let lastChange: Instant
        switch status {
        case "paid":
            let latest = max(invoice.createdAt.milliseconds + 3_600_000, now.milliseconds - 60_000)
            let paid = Instant(milliseconds: min(latest, invoice.createdAt.milliseconds + Int64(random.int(in: 1...40)) * 86_400_000))
            invoice.paymentDate = paid
            invoice.paidAt = paid
            lastChange = paid.adding(milliseconds: Int64(random.int(in: 1_000...50_000)))
        case "scheduled":
            invoice.scheduledDate = invoice.dueDate
            lastChange = invoice.updatedAt.adding(seconds: Int64(random.int(in: 600...86_400)))
        case "rejected":
            invoice.declinedNote = random.pick(Names.declinedNotes)
            lastChange = invoice.updatedAt.adding(seconds: Int64(random.int(in: 600...86_400)))
        case "to_review":
            lastChange = invoice.updatedAt
        default:
            lastChange = invoice.updatedAt.adding(seconds: Int64(random.int(in: 60...172_800)))
        }
        invoice.updatedAt = min(lastChange, now.adding(seconds: -1))
    }

    private mutating func apply(_ special: Special, to invoice: inout SupplierInvoiceDraft,
                                previous: SupplierInvoiceDraft?, random: inout SeededGenerator) {
        let created = invoice.createdAt
        func replaceFile(_ name: String, _ type: String, _ content: AttachmentContent) {
            attachments[invoice.attachmentID] = nil
            invoice.fileName = name
            invoice.attachmentID = addAttachment(id: random.uuid(), createdAt: created, fileName: name, contentType: type, content: content)
            invoice.displayAttachmentID = invoice.attachmentID
        }
        switch special {
        case .reviewDocument:
            // "Document Review": not (yet) known to be an invoice.
            let number = random.int(in: 1...9999)
            let isScan = random.chance(50)
            replaceFile(isScan ? "scan_\(number).jpg" : "attestation_\(number).pdf", isScan ? "image/jpeg" : "application/pdf",
                        isScan ? .jpeg(variant: number) : .invoicePDF(invoiceID: invoice.id))
            invoice.status = "to_review"
            invoice.invoiceNumber = nil; invoice.supplierName = nil; invoice.supplierID = nil; invoice.vatNumber = nil
            invoice.totalCents = nil; invoice.excludingTaxesCents = nil; invoice.taxCents = nil; invoice.iban = nil
            invoice.issueDate = nil; invoice.dueDate = nil; invoice.paymentDate = nil; invoice.paidAt = nil
            invoice.scheduledDate = nil; invoice.declinedNote = nil
            invoice.isAttachmentInvoice = false; invoice.isAttachmentNonFinancial = true; invoice.attachmentCategory = "OTHER"
            if isScan { invoice.analyzedAt = nil }
            invoice.updatedAt = invoice.analyzedAt ?? created
        case .jpegReceipt:
            replaceFile("Ticket \(invoice.supplierName ?? "") \(invoice.invoiceNumber ?? "").jpg", "image/jpeg", .jpeg(variant: 0))
        case .pngReceipt:
            replaceFile("Reçu \(invoice.invoiceNumber ?? "").png", "image/png", .png(variant: random.int(in: 0...9)))
        case .einvoice:
            // The original is Factur-X XML; Qonto displays a PDF rendition under another id.
            invoice.isEinvoice = true; invoice.einvoiceType = "factur-x"; invoice.sourceType = "einvoicing"; invoice.source = "pdp"
            let pdfID = invoice.attachmentID
            attachments[pdfID]?.fileName = "\(invoice.invoiceNumber ?? "facture").pdf"
            invoice.attachmentID = addAttachment(id: random.uuid(), createdAt: created, fileName: "\(invoice.invoiceNumber ?? "facture").xml",
                                                 contentType: "application/xml", content: .einvoiceXML(invoiceID: invoice.id))
            invoice.fileName = "\(invoice.invoiceNumber ?? "facture").xml"
            invoice.displayAttachmentID = pdfID
        case .xmlOnly:
            invoice.isEinvoice = true; invoice.einvoiceType = "ubl"; invoice.sourceType = "einvoicing"; invoice.source = "pdp"
            replaceFile("facture-\(invoice.invoiceNumber ?? "").xml", "application/xml", .einvoiceXML(invoiceID: invoice.id))
        case .emptyFile:
            replaceFile("Facture \(invoice.invoiceNumber ?? "") (vide).pdf", "application/pdf", .empty)
        case .creditNote:
            invoice.isCreditNote = true; invoice.attachmentCategory = "CREDIT_NOTE"
            invoice.totalCents = invoice.totalCents.map { -$0 }
            invoice.excludingTaxesCents = invoice.excludingTaxesCents.map { -$0 }
            invoice.taxCents = invoice.taxCents.map { -$0 }
            invoice.paymentDate = nil; invoice.paidAt = nil
            if invoice.status == "paid" { invoice.status = "archived" }
            attachments[invoice.attachmentID]?.fileName = "Avoir \(invoice.invoiceNumber ?? "").pdf"
            invoice.fileName = "Avoir \(invoice.invoiceNumber ?? "").pdf"
        case .unknownStatus:
            invoice.status = "awaiting_einvoicing_ack"
            invoice.paymentDate = nil; invoice.paidAt = nil
        case .longName:
            invoice.supplierName = Names.longSupplier
        case .cjkDollar:
            invoice.supplierName = Names.cjkSupplier; invoice.currency = "USD"; invoice.vatNumber = nil
            invoice.totalCents = 100_000; invoice.totalLiteral = "1000"; invoice.excludingTaxesCents = 100_000; invoice.taxCents = 0
            invoice.invoiceNumber = "INV 2026/07 #3"
            replaceFile("Reçu ☕ avril.pdf", "application/pdf", .invoicePDF(invoiceID: invoice.id))
        case .greek:
            invoice.supplierName = Names.greekSupplier; invoice.vatNumber = "EL" + random.digits(9)
        case .duplicate:
            guard let previous, previous.supplierName != nil else { return }
            // Same supplier, number and amount as the invoice before it: Qonto flags it.
            invoice.supplierName = previous.supplierName; invoice.supplierID = previous.supplierID
            invoice.invoiceNumber = previous.invoiceNumber; invoice.vatNumber = previous.vatNumber; invoice.iban = previous.iban
            invoice.totalCents = previous.totalCents; invoice.excludingTaxesCents = previous.excludingTaxesCents
            invoice.taxCents = previous.taxCents; invoice.currency = previous.currency
            invoice.hasDuplicates = true
        case .mislabelledImage:
            // The name says PDF, the bytes and the content type say JPEG: trust neither blindly.
            replaceFile("Facture \(invoice.invoiceNumber ?? "").pdf", "image/jpeg", .jpeg(variant: 1))
        case .probativePending:
            attachments[invoice.attachmentID]?.probative = .object([("status", .string("pending"))])
        }
    }

    /// Two recent invoices end up with the very same `updated_at`: the cursor-boundary trap
    /// (a client that resumes with `>` instead of `>=` loses one of them).
    private func shareUpdatedAtOfTwoRecentInvoices(_ invoices: inout [SupplierInvoiceDraft]) {
        guard invoices.count >= 4 else { return }
        let first = invoices.count - 3, second = invoices.count - 2
        let shared = max(invoices[first].updatedAt, invoices[second].updatedAt)
        invoices[first].updatedAt = shared
        invoices[second].updatedAt = shared
    }

    /// An amount before tax, in cents: mostly small, sometimes large.
    static func randomAmount(_ random: inout SeededGenerator) -> Int {
        let tier = random.int(in: 0...9)
        return tier < 6 ? random.int(in: 1_000...30_000) : tier < 9 ? random.int(in: 30_000...200_000) : random.int(in: 200_000...1_500_000)
    }

    /// Supplier-specific numbering schemes, none of them tied to the clock.
    static func invoiceNumber(format: Int, sequence: Int) -> String {
        let padded = String(repeating: "0", count: max(0, 6 - String(sequence).count)) + String(sequence)
        switch format {
        case 0: return "F-\(padded)"
        case 1: return "FA\(sequence + 10_000)"
        case 2: return "INV-\(sequence * 7 + 40_000)"
        default: return "N° \(sequence)/B"
        }
    }
}
