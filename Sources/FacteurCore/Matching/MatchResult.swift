/// The outcome of matching one invoice: forward it automatically, or hold it for a person.
public struct MatchResult: Hashable, Sendable {
    /// What to do with the invoice.
    public enum Decision: String, Hashable, Sendable, Codable {
        /// Forward to Pennylane without asking.
        case forward
        /// Hold for review; ``MatchResult/explanation`` says why.
        case hold
    }

    /// Why an invoice was held.
    public enum HoldReason: String, Hashable, Sendable, Codable {
        /// The invoice's own identifiers disagree (its `tin` and VAT number name different SIRENs).
        case conflictingIdentifiers
        /// A directory entry the name points at has a different valid SIREN or VAT number.
        case identifierConflictsWithDirectory
        /// The name points at one directory entry and the IBAN at another.
        case nameAndIBANDisagree
        /// Two directory entries score within the margin of each other.
        case tooCloseToCall
        /// No name, no valid identifier, no IBAN and no reconciled transaction.
        case noEvidence
        /// Some evidence, but not enough to clear the threshold.
        case belowThreshold
        /// The ledger already holds this invoice (same number, or same amount within days when a
        /// side has no number), Pennylane e-invoices included.
        case alreadyBooked
        /// Facteur already forwarded this document (same file, or same number and counterparty).
        case alreadyForwarded
        /// Qonto flags the record as having duplicates (`has_duplicates`).
        case flaggedDuplicateByQonto
        /// The company rejected or discarded the invoice in Qonto.
        case rejectedInQonto
    }

    /// The Qonto record ID of the invoice.
    public var recordID: String
    /// Forward or hold.
    public var decision: Decision
    /// Why it was held; `nil` when forwarded.
    public var holdReason: HoldReason?
    /// The resolved directory entry; `nil` for a new or unresolved counterparty.
    public var counterparty: Counterparty?
    /// Whether the invoice was scored as a counterparty absent from the directory.
    public var isNewCounterparty: Bool
    /// The score of the resolved hypothesis (points).
    public var score: Double
    /// The score of the best competing hypothesis, if there was one.
    public var runnerUpScore: Double?
    /// The transaction the invoice was reconciled with, if any.
    public var transactionID: String?
    /// One line saying which features fired and why the decision was made.
    public var explanation: String

    /// Creates a result.
    public init(recordID: String, decision: Decision, holdReason: HoldReason? = nil, counterparty: Counterparty?,
                isNewCounterparty: Bool, score: Double, runnerUpScore: Double?, transactionID: String?, explanation: String) {
        self.recordID = recordID
        self.decision = decision
        self.holdReason = holdReason
        self.counterparty = counterparty
        self.isNewCounterparty = isNewCounterparty
        self.score = score
        self.runnerUpScore = runnerUpScore
        self.transactionID = transactionID
        self.explanation = explanation
    }
}
