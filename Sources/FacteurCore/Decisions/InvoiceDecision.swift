/// What Facteur decided for one version of a Qonto record: forward it, hold it for a person for a
/// typed reason, or hold it as a duplicate of something the books, Facteur or Qonto already hold.
///
/// Decided once, in the polling window (``init(_:learn:)`` from the matcher's and the duplicate
/// check's ``MatchResult``, or ``hold(reason:)`` when the document cannot become a mail), stored as
/// its ``code`` beside the record, and read back with ``init(code:counterpartyID:)``. Later code
/// switches on it; the wording people read is rendered from it (``HoldReason/explanation(detail:)``)
/// or is the matcher's own line, never tested by prefix.
public enum InvoiceDecision: Hashable, Sendable {
    /// Forward to the Pennylane inbox.
    case forward(Forwarding)
    /// Hold for a person.
    case hold(reason: HoldReason)
    /// Hold: the invoice is already in the books, already forwarded, or flagged by Qonto.
    case duplicate(of: Duplicate)

    /// Whom an invoice is forwarded as.
    public enum Forwarding: Hashable, Sendable {
        /// A directory entry (its id).
        case known(counterpartyID: String)
        /// A counterparty absent from the directory. `learn` is the entry its forward adds to the
        /// directory in the window's commit (`nil`: its invoice carries no identifier worth keeping,
        /// or the decision was read back from storage, where it is already applied).
        case newCounterparty(learn: Counterparty?)
    }

    /// What an invoice duplicates; the raw value is its stable code.
    public enum Duplicate: String, Hashable, Sendable, CaseIterable, Codable {
        /// The ledger already holds it (``MatchResult/HoldReason/alreadyBooked``).
        case ledger = "already_booked"
        /// Facteur already forwarded it (``MatchResult/HoldReason/alreadyForwarded``).
        case earlierForward = "already_forwarded"
        /// Qonto flags the record as having duplicates (``MatchResult/HoldReason/flaggedDuplicateByQonto``).
        case qontoFlag = "flagged_duplicate_by_qonto"
    }

    /// The stable code of a forward to a directory entry.
    public static let knownCounterpartyCode = "known_counterparty"
    /// The stable code of a forward as a new counterparty.
    public static let newCounterpartyCode = "new_counterparty"

    /// The decision the matcher and the duplicate check reached.
    /// - Parameters:
    ///   - result: the matcher's result, after ``DuplicateCheck/screen(_:invoice:directory:)``.
    ///   - learn: the directory entry a forward as a new counterparty teaches, if any.
    public init(_ result: MatchResult, learn: Counterparty? = nil) {
        switch (result.decision, result.holdReason) {
        case (.forward, _):
            self = result.counterparty.map { .forward(.known(counterpartyID: $0.id)) } ?? .forward(.newCounterparty(learn: learn))
        case (.hold, .alreadyBooked?): self = .duplicate(of: .ledger)
        case (.hold, .alreadyForwarded?): self = .duplicate(of: .earlierForward)
        case (.hold, .flaggedDuplicateByQonto?): self = .duplicate(of: .qontoFlag)
        case (.hold, let reason?): self = .hold(reason: HoldReason(reason) ?? .belowThreshold)
        case (.hold, nil): self = .hold(reason: .belowThreshold)  // the matcher always says why; kept safe
        }
    }

    /// A decision read back from its stored ``code``; `nil` for an unknown code (a row written
    /// before codes were stored and not backfilled: show its text, decide nothing from it).
    /// - Parameter counterpartyID: the stored directory entry, for a forward to a known one.
    public init?(code: String, counterpartyID: String? = nil) {
        if code == Self.knownCounterpartyCode, let counterpartyID {
            self = .forward(.known(counterpartyID: counterpartyID))
        } else if code == Self.newCounterpartyCode {
            self = .forward(.newCounterparty(learn: nil))
        } else if let duplicate = Duplicate(rawValue: code) {
            self = .duplicate(of: duplicate)
        } else if let reason = HoldReason(rawValue: code) {
            self = .hold(reason: reason)
        } else {
            return nil
        }
    }

    /// The stable code stored in `reason_code` (`known_counterparty`, `already_booked`, …).
    public var code: String {
        switch self {
        case .forward(.known): return Self.knownCounterpartyCode
        case .forward(.newCounterparty): return Self.newCounterpartyCode
        case .hold(let reason): return reason.rawValue
        case .duplicate(let duplicate): return duplicate.rawValue
        }
    }

    /// Whether the invoice goes to Pennylane without asking.
    public var forwards: Bool {
        if case .forward = self { return true }
        return false
    }

    /// The directory entry this decision adds when applied: a forward as a new counterparty whose
    /// invoice carries an identifier worth keeping.
    public var counterpartyToLearn: Counterparty? {
        if case .forward(.newCounterparty(let learn)) = self { return learn }
        return nil
    }

    /// Whether the document is not an invoice Pennylane reads (Dismiss fits, Retry would not).
    public var isNotAnInvoice: Bool {
        if case .hold(let reason) = self { return reason.isNotAnInvoice }
        return false
    }
}
