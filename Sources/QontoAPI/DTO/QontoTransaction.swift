public import Foundation

/// A bank transaction, for matching invoices: amounts in integer cents (never the float euros),
/// direction in ``side``, the counterparty as Qonto shows it.
public struct QontoTransaction: Sendable, Hashable {
    /// The transaction's UUID (`id`, not the display `transaction_id`).
    public var id: String
    /// `debit` or `credit`.
    public var side: String?
    /// `completed`, `pending`, `declined`, `reversed`, … (open set).
    public var status: String?
    /// The amount in cents, always positive.
    public var amountCents: Int?
    /// The currency of ``amountCents``.
    public var currency: String?
    /// The label (merchant or counterparty name).
    public var label: String?
    /// The transfer reference (often the invoice number).
    public var reference: String?
    /// The counterparty's account (an IBAN for SEPA transfers).
    public var counterpartyAccount: String?
    /// When it settled (nil while pending).
    public var settledAt: Date?
    /// When it last changed.
    public var updatedAt: Date?
    /// Attachments linked to it.
    public var attachmentIDs: [String]

    /// Decodes one list item, tolerating absent and unknown fields.
    /// - Throws: ``QontoError`` `.decoding` when `id` is missing.
    public init(json: [String: Any]) throws(QontoError) {
        guard let id = json["id"] as? String, !id.isEmpty else { throw QontoError(.decoding, "a transaction without an id") }
        self.id = id
        side = json["side"] as? String
        status = json["status"] as? String
        amountCents = (json["amount_cents"] as? NSNumber)?.intValue
        currency = json["currency"] as? String
        label = json["clean_counterparty_name"] as? String ?? json["label"] as? String
        reference = json["reference"] as? String
        counterpartyAccount = (json["transfer"] as? [String: Any])?["counterparty_account_number"] as? String
        settledAt = (json["settled_at"] as? String).flatMap(QontoTime.parse)
        updatedAt = (json["updated_at"] as? String).flatMap(QontoTime.parse)
        attachmentIDs = json["attachment_ids"] as? [String] ?? []
    }
}
