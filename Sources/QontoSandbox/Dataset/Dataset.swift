/// The data a sandbox serves: one organisation, its invoices, transactions and attachment files.
///
/// Resources are kept as the JSON objects the API returns (ordered keys, explicit nulls, unknown
/// fields), with the few values the routes filter and sort on parsed next to them. One
/// representation serves the generated dataset and a dataset directory alike, so a directory
/// can reproduce any quirk of the real API (offset timestamps, omitted keys, new fields) without
/// the sandbox having to model it.
struct Dataset: Sendable {
    /// The `organization` object of `GET /v2/organization`, including `bank_accounts`.
    var organization: JSON
    var supplierInvoices: [Resource]
    var clientInvoices: [Resource]
    var transactions: [Resource]
    /// Attachment metadata by attachment id.
    var attachments: [String: AttachmentRecord]

    /// The bank account objects of the organisation.
    var bankAccounts: [JSON] { organization["bank_accounts"]?.arrayValue ?? [] }
}

/// One listed resource (supplier invoice, client invoice or transaction) with its sort keys.
struct Resource: Sendable {
    /// The object exactly as the API returns it.
    private(set) var body: JSON
    private(set) var id: String
    private(set) var createdAt: Instant
    private(set) var updatedAt: Instant

    /// Wraps an API object; `nil` when it has no string `id` or no parseable `created_at`.
    ///
    /// A missing `updated_at` falls back to `created_at`.
    init?(_ body: JSON) {
        guard let id = body["id"]?.stringValue,
              let created = body["created_at"]?.stringValue.flatMap(Instant.parse) else { return nil }
        self.body = body
        self.id = id
        createdAt = created
        updatedAt = body["updated_at"]?.stringValue.flatMap(Instant.parse) ?? created
    }

    /// A string field (`nil` when absent, null or not a string).
    func string(_ key: String) -> String? { body[key]?.stringValue }

    /// A timestamp field parsed (`nil` when absent, null or malformed).
    func instant(_ key: String) -> Instant? { string(key).flatMap(Instant.parse) }

    /// Replaces one field, keeping the cached sort keys in step.
    mutating func set(_ key: String, _ value: JSON) {
        body = body.setting(key, to: value)
        if key == "updated_at", let parsed = value.stringValue.flatMap(Instant.parse) { updatedAt = parsed }
        if key == "created_at", let parsed = value.stringValue.flatMap(Instant.parse) { createdAt = parsed }
    }
}

/// What `GET /v2/attachments/{id}` describes and `/files/{id}` serves.
struct AttachmentRecord: Sendable {
    var id: String
    var createdAt: String
    var fileName: String
    var contentType: String
    /// The `probative_attachment` object, e.g. `{"status":"available"}`.
    var probative: JSON
    var content: AttachmentContent
}

/// Where an attachment's bytes come from; files are made on demand to keep memory flat.
enum AttachmentContent: Sendable {
    /// A one-page PDF rendering the current state of the supplier or client invoice with this id
    /// (so `touchInvoice` with a new amount changes the file as well).
    case invoicePDF(invoiceID: String)
    /// A Factur-X style CrossIndustryInvoice XML for the supplier invoice with this id.
    case einvoiceXML(invoiceID: String)
    /// A small photo-like receipt; `variant` picks its colour.
    case jpeg(variant: Int)
    case png(variant: Int)
    /// A zero-byte file.
    case empty
    /// A file of a dataset directory.
    case file(path: String)
}
