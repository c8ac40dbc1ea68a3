public import FacteurCore
public import Foundation

/// A supplier or client invoice as Qonto lists it, decoded tolerantly: unknown fields are ignored
/// (and kept in ``rawJSON``), statuses are open strings, money is a decimal string, never a Double.
public struct QontoInvoice: Sendable, Hashable {
    /// Supplier (`supplier_invoices`) or customer (`client_invoices`).
    public var kind: InvoiceKind
    /// The Qonto ID.
    public var id: String
    /// The status, as Qonto says it (open set: `to_review`, `paid`, … and future ones).
    public var status: String?
    /// The attachment holding the original file.
    public var attachmentID: String?
    /// `display_attachment_id`: the displayable rendition (for an e-invoice, its PDF beside the XML
    /// original); equal to ``attachmentID`` for an ordinary upload.
    public var displayAttachmentID: String?
    /// The original file name.
    public var fileName: String?
    /// The invoice number.
    public var invoiceNumber: String?
    /// The supplier or client name.
    public var counterpartyName: String?
    /// Qonto's ID of the supplier (`supplier_id`) or client (`client.id`).
    public var counterpartyID: String?
    /// The counterparty's VAT number.
    public var vatNumber: String?
    /// The counterparty's tax id, usually a SIREN or SIRET (sometimes a VAT number typed there): a
    /// supplier invoice's `tin`, a client invoice's `client.tax_identification_number`.
    public var tin: String?
    /// `has_duplicates`: Qonto holds other uploads of the same document.
    public var hasDuplicates: Bool
    /// The issue date, `YYYY-MM-DD`, as Qonto says it.
    public var issueDate: String?
    /// The transactions Qonto itself matched the invoice with.
    public var matchedTransactionIDs: [String]
    /// The IBAN on the invoice.
    public var iban: String?
    /// The total, exactly as sent (`"1234.56"`).
    public var amount: String?
    /// The currency of the total.
    public var currency: String?
    /// Whether Qonto says the document is not financial ("Document Review" items).
    public var isNonFinancial: Bool
    /// Whether Qonto says the attachment is an invoice (nil when it does not say).
    public var isInvoice: Bool?
    /// Whether it is a credit note.
    public var isCreditNote: Bool
    /// When it last changed (drives the sync marker).
    public var updatedAt: Date
    /// The record exactly as received, for the store.
    public var rawJSON: Data

    /// The file to forward: the displayable rendition when Qonto has one apart from the original (an
    /// e-invoice's PDF beside its XML), else the original.
    public var forwardedAttachmentID: String? { displayAttachmentID ?? attachmentID }

    /// Whether ``forwardedAttachmentID`` is a rendition rather than the original file.
    public var forwardsRendition: Bool { displayAttachmentID != nil && displayAttachmentID != attachmentID }

    /// The total as a `Decimal`, when it parses.
    public var decimalAmount: Decimal? { amount.flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) } }

    /// Decodes one list item.
    /// - Throws: ``QontoError`` `.decoding` when `id` or `updated_at` is missing or malformed,
    ///   `.invalidID` when `id`, `attachment_id` or `display_attachment_id` is not of a Qonto ID's
    ///   shape (see ``QontoID``); an empty attachment ID counts as none.
    public init(kind: InvoiceKind, json: [String: Any]) throws(QontoError) {
        guard let id = json["id"] as? String, !id.isEmpty else {
            throw QontoError(.decoding, "a \(kind.qontoType) without an id")
        }
        try QontoID.validate(id, "a \(kind.qontoType)")
        // Every ID that goes into a request or a file name is checked here, at the edge.
        let attachmentID = (json["attachment_id"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        let displayAttachmentID = (json["display_attachment_id"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        if let attachmentID { try QontoID.validate(attachmentID, "the attachment of \(kind.qontoType) \(id)") }
        if let displayAttachmentID { try QontoID.validate(displayAttachmentID, "the PDF rendition of \(kind.qontoType) \(id)") }
        guard let updated = json["updated_at"] as? String, let date = QontoTime.parse(updated) else {
            throw QontoError(.decoding, "\(kind.qontoType) \(id) has no valid updated_at")
        }
        self.kind = kind
        self.id = id
        status = json["status"] as? String
        self.attachmentID = attachmentID
        self.displayAttachmentID = displayAttachmentID
        fileName = json["file_name"] as? String
        invoiceNumber = json["invoice_number"] as? String ?? json["number"] as? String
        let client = json["client"] as? [String: Any]
        counterpartyName = json["supplier_name"] as? String ?? client?["name"] as? String ?? json["client_name"] as? String
        counterpartyID = json["supplier_id"] as? String ?? client?["id"] as? String
        vatNumber = json["vat_number"] as? String ?? client?["vat_number"] as? String
        // A client object names its SIREN/SIRET `tax_identification_number` (docs.qonto.com, Clients);
        // `tin` is the supplier invoice's field.
        tin = json["tin"] as? String ?? client?["tax_identification_number"] as? String ?? client?["tin"] as? String
        hasDuplicates = json["has_duplicates"] as? Bool ?? false
        issueDate = (json["issue_date"] as? String).map { String($0.prefix(10)) }
        matchedTransactionIDs = (json["matched_transactions"] as? [Any])?.compactMap {
            $0 as? String ?? ($0 as? [String: Any])?["id"] as? String
        } ?? []
        iban = json["iban"] as? String
        let total = json["total_amount"] as? [String: Any]
        amount = (total?["value"] as? String) ?? (total?["value"] as? NSNumber)?.stringValue
        currency = total?["currency"] as? String
        isNonFinancial = json["is_attachment_non_financial"] as? Bool ?? false
        isInvoice = json["is_attachment_invoice"] as? Bool
        isCreditNote = json["is_credit_note"] as? Bool ?? false
        updatedAt = date
        rawJSON = (try? JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])) ?? Data()
    }

    /// The fields whose change makes a new version worth forwarding again (the file, the amount,
    /// the number, the counterparty), or worth re-examining (a document Qonto reclassifies as
    /// financial). Status changes (to_review → paid) are not among them.
    public var contentFields: [String] {
        [kind.qontoType, id, attachmentID ?? "-", amount ?? "-", currency ?? "-", invoiceNumber ?? "-",
         counterpartyName ?? "-", isCreditNote ? "credit" : "invoice", isNonFinancial ? "non-financial" : "financial"]
    }
}

/// Qonto's timestamps: `2026-04-12T08:01:09.530Z`, `2022-03-04T17:58:30+02:00`, with or without
/// fractional seconds.
public enum QontoTime {
    /// Parses an ISO-8601 timestamp with optional fraction and a `Z` or `±HH:MM` offset.
    public static func parse(_ text: String) -> Date? {
        var body = Substring(text)
        var offset = 0.0
        if body.hasSuffix("Z") {
            body = body.dropLast()
        } else if body.count > 6, let sign = body.dropLast(5).last, sign == "+" || sign == "-" {
            let tail = body.suffix(5)
            guard tail.dropFirst(2).first == ":", let hours = Double(tail.prefix(2)), let minutes = Double(tail.suffix(2)) else { return nil }
            offset = (hours * 3600 + minutes * 60) * (sign == "+" ? 1 : -1)
            body = body.dropLast(6)
        }
        var fraction = 0.0
        if let dot = body.firstIndex(of: ".") {
            guard let value = Double("0" + body[dot...]) else { return nil }
            fraction = value
            body = body[..<dot]
        }
        guard body.count == 19, let base = Timestamp.parse(String(body)) else { return nil }
        return base.addingTimeInterval(fraction - offset)
    }

    /// The filter format Qonto's own guides use: `2026-01-01T00:00:00Z` (no fraction).
    public static func filterValue(_ date: Date) -> String {
        String(Timestamp.format(Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))).prefix(19)) + "Z"
    }
}
