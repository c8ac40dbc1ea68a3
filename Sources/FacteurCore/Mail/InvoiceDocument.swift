public import MIME

/// Which Pennylane inbox an invoice goes to.
public enum InvoiceKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// A supplier invoice (Qonto `supplier_invoices`), to `pennylane_supplier_inbox`.
    case supplier
    /// A customer invoice (Qonto `client_invoices`), to `pennylane_customer_inbox`.
    case customer

    /// The Qonto record type carried in `X-Facteur-Qonto-Type` and in the Message-ID.
    public var qontoType: String {
        switch self {
        case .supplier: return "supplier_invoice"
        case .customer: return "client_invoice"
        }
    }

    /// The kind for a Qonto record type, if it is one of ours.
    public init?(qontoType: String) {
        guard let kind = Self.allCases.first(where: { $0.qontoType == qontoType }) else { return nil }
        self = kind
    }

    /// The French label used in subjects ("Facture fournisseur", "Facture client").
    public var label: String {
        switch self {
        case .supplier: return "Facture fournisseur"
        case .customer: return "Facture client"
        }
    }
}

/// An invoice file ready to become a mail: its Qonto identity, its counterparty, and the file's facts.
public struct InvoiceDocument: Sendable, Hashable {
    /// Where an invoice file came from: it decides how the mail labels it.
    public enum Origin: String, Sendable, Hashable, Codable {
        /// A Qonto record, polled by `facteur sync` or `facteur run`.
        case qonto
        /// A local file forwarded by hand (`facteur forward FILE [--ref REF]`).
        case manual
    }

    /// Where the file came from (default: Qonto).
    public var origin: Origin = .qonto
    /// The workspace (company) that sends it; it names the Message-ID's domain, so two companies'
    /// messages never share an ID even for the same record. The composer sets it from the
    /// workspace's configuration; ``WorkspaceID/default`` for a single-company gateway.
    public var workspace: WorkspaceID = .default
    /// The earlier message this one replaces (an update of the same record), if any.
    public var replaces: InvoiceReplacement?
    /// The Qonto record ID (a UUID), or the operator's `--ref`, or `local-<hash>` for a local file.
    public var recordID: String
    /// Supplier or customer invoice.
    public var kind: InvoiceKind
    /// The counterparty's name as known (untrusted text; sanitised by the composer).
    public var counterpartyName: String?
    /// The invoice number as known (untrusted text).
    public var invoiceNumber: String?
    /// The file's original name (untrusted; sanitised into the attachment name).
    public var originalFileName: String
    /// The detected file type.
    public var attachmentType: AttachmentType
    /// The file size in bytes.
    public var byteCount: Int
    /// Lower-case hex SHA-256 of the file.
    public var attachmentSHA256: String
    /// Lower-case hex SHA-256 identifying this version of the record (the file, and for Qonto records
    /// the fields that matter); with the record ID it makes enqueueing idempotent.
    public var contentHash: String

    /// Creates a document after checking the record ID and the file facts.
    /// - Throws: ``FacteurCoreError`` with `.invalidRecordID` or `.emptyAttachment`.
    public init(recordID: String, kind: InvoiceKind, counterpartyName: String? = nil, invoiceNumber: String? = nil,
                originalFileName: String, attachmentType: AttachmentType, byteCount: Int,
                attachmentSHA256: String, contentHash: String) throws(FacteurCoreError) {
        try RecordID.validate(recordID)
        guard byteCount > 0 else { throw FacteurCoreError(.emptyAttachment, "the file \(HeaderText.sanitize(originalFileName)) is empty") }
        self.recordID = recordID
        self.kind = kind
        self.counterpartyName = counterpartyName
        self.invoiceNumber = invoiceNumber
        self.originalFileName = originalFileName
        self.attachmentType = attachmentType
        self.byteCount = byteCount
        self.attachmentSHA256 = attachmentSHA256
        self.contentHash = contentHash
    }
}

/// Record IDs travel in headers, Message-IDs and file names, so they are restricted to a safe alphabet.
public enum RecordID {
    /// Checks that an ID is 1–64 characters of `A–Z a–z 0–9 - _` (a Qonto UUID qualifies).
    /// - Throws: ``FacteurCoreError`` `.invalidRecordID` naming the rule.
    public static func validate(_ id: String) throws(FacteurCoreError) {
        let allowed = id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x5F
        }
        guard !id.isEmpty, id.utf8.count <= 64, allowed else {
            throw FacteurCoreError(.invalidRecordID,
                                   "invalid record ID \"\(HeaderText.sanitize(String(id.prefix(80))))\": use 1 to 64 letters, digits, '-' or '_'")
        }
    }
}
