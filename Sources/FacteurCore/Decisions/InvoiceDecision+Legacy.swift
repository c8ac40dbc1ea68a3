/// Reading the decision out of the text a row stored before decisions had codes (schema v11's
/// backfill). Only wording every earlier version wrote the same way, and that says one thing, is
/// read; anything else stays unknown (`nil`), and code reading a row treats unknown as "show the
/// text, decide nothing from it".
extension InvoiceDecision {
    /// The held-record sentences by their fixed opening, and the reason each states.
    static let legacyHoldOpenings: [(opening: String, reason: HoldReason)] = [
        ("non-financial document:", .nonFinancialDocument), ("no attachment:", .noAttachment),
        ("missing attachment:", .missingAttachment), ("download failed:", .downloadFailed),
        ("file too large:", .fileTooLarge), ("not a regular file", .fileRefused), ("empty file:", .emptyFile),
        ("unsupported file:", .unsupportedFile), ("refused:", .refusedID), ("cannot compose:", .cannotCompose),
        ("gone from Qonto:", .goneFromQonto),
    ]

    /// The matcher and duplicate-check lines (after "held: ") whose opening states one reason.
    static let legacyExplanationOpenings: [(opening: String, decision: InvoiceDecision)] = [
        ("held: likely already in the ledger: ", .duplicate(of: .ledger)),
        ("held: same file as record ", .duplicate(of: .earlierForward)),
        ("held: Qonto flags this record as having duplicates", .duplicate(of: .qontoFlag)),
        ("held: rejected in Qonto", .hold(reason: .rejectedInQonto)),
        ("held: discarded in Qonto", .hold(reason: .rejectedInQonto)),
        ("held: no counterparty evidence", .hold(reason: .noEvidence)),
    ]

    /// The decision an older `qonto_records` row states unambiguously, or `nil`.
    /// - Parameters:
    ///   - disposition: `held` (the document could not become a mail) or `forwarded`.
    ///   - reason: the held record's sentence.
    ///   - explanation: the matcher's line (`match_explanation`).
    ///   - counterpartyID: the directory entry the match resolved to.
    public static func legacy(disposition: String, reason: String?, explanation: String?,
                              counterpartyID: String?) -> InvoiceDecision? {
        if disposition == "held" {
            guard let reason else { return nil }
            return legacyHoldOpenings.first { reason.hasPrefix($0.opening) }.map { InvoiceDecision.hold(reason: $0.reason) }
        }
        guard disposition == "forwarded", let explanation else { return nil }
        if let known = legacyExplanationOpenings.first(where: { explanation.hasPrefix($0.opening) }) { return known.decision }
        if explanation.hasPrefix("held: number "), explanation.contains(" already forwarded as record ") {
            return .duplicate(of: .earlierForward)
        }
        // Any other hold: the matcher's wording names several reasons the same way (below, close).
        guard !explanation.hasPrefix("held: ") else { return nil }
        if let counterpartyID { return .forward(.known(counterpartyID: counterpartyID)) }
        return explanation.hasPrefix("new counterparty") ? .forward(.newCounterparty(learn: nil)) : nil
    }
}
