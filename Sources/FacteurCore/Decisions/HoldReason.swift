/// Why Facteur held a record for a person, with a stable code (the raw value, stored in
/// `qonto_records.reason_code`): the code is what later decisions read (Retry or Dismiss, what a
/// window learns); the sentence people read is rendered from it by ``explanation(detail:)``.
///
/// Two families: the document cannot become a mail (decided when its file is fetched), or the
/// matcher would not forward it (``MatchResult/HoldReason``, mapped by ``init(_:)``). Duplicates
/// are not hold reasons but ``InvoiceDecision/Duplicate``.
public enum HoldReason: String, Hashable, Sendable, CaseIterable, Codable {
    // The document.
    /// Qonto files it under Document Review, not as an invoice.
    case nonFinancialDocument = "non_financial_document"
    /// Qonto has no file for the invoice.
    case noAttachment = "no_attachment"
    /// Qonto answers 404 for the attachment (it may appear later: retryable).
    case missingAttachment = "missing_attachment"
    /// The download stayed incomplete after the retries (retryable).
    case downloadFailed = "download_failed"
    /// The file is over `max_attachment_size`.
    case fileTooLarge = "file_too_large"
    /// The downloaded file was refused when read (larger than announced, or not a regular file).
    case fileRefused = "file_refused"
    /// The attachment has 0 bytes (retryable).
    case emptyFile = "empty_file"
    /// Not a PDF, JPEG or PNG: Pennylane would not read it.
    case unsupportedFile = "unsupported_file"
    /// Refused at the API edge: an ID that is not of a Qonto ID's shape.
    case refusedID = "refused_id"
    /// The record could not become a valid mail.
    case cannotCompose = "cannot_compose"
    /// Qonto answers 404 for the record itself (deleted or merged there).
    case goneFromQonto = "gone_from_qonto"
    // The matcher (``MatchResult/HoldReason``).
    /// The invoice's own identifiers disagree.
    case conflictingIdentifiers = "conflicting_identifiers"
    /// A directory entry the name points at has a different identifier.
    case identifierConflictsWithDirectory = "identifier_conflicts_with_directory"
    /// The name points at one entry and the IBAN at another.
    case nameAndIBANDisagree = "name_and_iban_disagree"
    /// Two entries score within the margin.
    case tooCloseToCall = "too_close_to_call"
    /// No name, identifier, IBAN nor transaction.
    case noEvidence = "no_evidence"
    /// Some evidence, not enough to clear the threshold.
    case belowThreshold = "below_threshold"
    /// The company rejected or discarded the invoice in Qonto.
    case rejectedInQonto = "rejected_in_qonto"

    /// The reason of a matcher hold; `nil` for a duplicate (``InvoiceDecision/Duplicate``).
    public init?(_ reason: MatchResult.HoldReason) {
        switch reason {
        case .conflictingIdentifiers: self = .conflictingIdentifiers
        case .identifierConflictsWithDirectory: self = .identifierConflictsWithDirectory
        case .nameAndIBANDisagree: self = .nameAndIBANDisagree
        case .tooCloseToCall: self = .tooCloseToCall
        case .noEvidence: self = .noEvidence
        case .belowThreshold: self = .belowThreshold
        case .rejectedInQonto: self = .rejectedInQonto
        case .alreadyBooked, .alreadyForwarded, .flaggedDuplicateByQonto: return nil
        }
    }

    /// Whether the document is not something Pennylane reads as an invoice, so Dismiss is the
    /// action that fits (Retry would hold it again): a non-financial document, an unsupported
    /// file, or a record refused at the API edge.
    public var isNotAnInvoice: Bool {
        self == .nonFinancialDocument || self == .unsupportedFile || self == .refusedID
    }

    /// The sentence for people (status page, CLI, mail log), worded as Facteur always has.
    /// - Parameter detail: What the reason needs to be told: the error message (`downloadFailed`,
    ///   `fileTooLarge`, `fileRefused`, `refusedID`, `cannotCompose`), the content type
    ///   (`unsupportedFile`), the attachment ID (`missingAttachment`), or the matcher's
    ///   explanation (the matcher's reasons, shown as they are).
    public func explanation(detail given: String? = nil) -> String {
        let detail = given ?? ""
        switch self {
        case .nonFinancialDocument: return "non-financial document: Qonto files it under Document Review, not as an invoice"
        case .noAttachment: return "no attachment: Qonto has no file for this invoice"
        case .missingAttachment: return "missing attachment: Qonto answers 404 for attachment \(detail)"
        case .downloadFailed: return "download failed: \(detail)"
        case .fileTooLarge: return "file too large: \(detail)"
        case .fileRefused: return detail
        case .emptyFile: return "empty file: the attachment has 0 bytes"
        case .unsupportedFile:
            return "unsupported file: \(given ?? "unknown type") is not a PDF, JPEG or PNG (what Pennylane reads)"
        case .refusedID: return "refused: \(detail)"
        case .cannotCompose: return "cannot compose: \(detail)"
        case .goneFromQonto: return "gone from Qonto: it answers 404 for this record (deleted or merged there)"
        case .conflictingIdentifiers, .identifierConflictsWithDirectory, .nameAndIBANDisagree, .tooCloseToCall,
             .noEvidence, .belowThreshold, .rejectedInQonto:
            return detail
        }
    }
}
