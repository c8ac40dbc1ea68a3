import FacteurCore
import Testing

/// Rows written before decisions had codes get the one their sentence states unambiguously
/// (schema v11's backfill); anything else stays unknown rather than guessed.
@Suite struct LegacyDecisionTests {
    func held(_ reason: String?) -> InvoiceDecision? {
        InvoiceDecision.legacy(disposition: "held", reason: reason, explanation: nil, counterpartyID: nil)
    }

    func forwarded(_ explanation: String?, counterpartyID: String? = nil) -> InvoiceDecision? {
        InvoiceDecision.legacy(disposition: "forwarded", reason: nil, explanation: explanation, counterpartyID: counterpartyID)
    }

    @Test func everyHeldSentenceAnEarlierVersionWroteStatesItsReason() {
        #expect(held("non-financial document: Qonto files it under Document Review, not as an invoice") == .hold(reason: .nonFinancialDocument))
        #expect(held("unsupported file: application/xml is not a PDF, JPEG or PNG (what Pennylane reads)") == .hold(reason: .unsupportedFile))
        #expect(held("refused: Qonto sent supplier_invoice whose ID \"../x\" is not a Qonto ID") == .hold(reason: .refusedID))
        #expect(held("no attachment: Qonto has no file for this invoice") == .hold(reason: .noAttachment))
        #expect(held("missing attachment: Qonto answers 404 for attachment att-1") == .hold(reason: .missingAttachment))
        #expect(held("download failed: HTTP 500") == .hold(reason: .downloadFailed))
        #expect(held("file too large: 30 MB is over max_attachment_size (20 MB)") == .hold(reason: .fileTooLarge))
        #expect(held("not a regular file (a directory, a device or a pipe)") == .hold(reason: .fileRefused))
        #expect(held("empty file: the attachment has 0 bytes") == .hold(reason: .emptyFile))
        #expect(held("cannot compose: invalid record ID") == .hold(reason: .cannotCompose))
        #expect(held("gone from Qonto: it answers 404 for this record (deleted or merged there)") == .hold(reason: .goneFromQonto))
    }

    @Test func aSentenceNoVersionWroteOrNoSentenceStaysUnknown() {
        #expect(held("test") == nil)
        #expect(held(nil) == nil)
        #expect(forwarded(nil) == nil)
        #expect(InvoiceDecision.legacy(disposition: "elsewhere", reason: "download failed: x", explanation: nil, counterpartyID: nil) == nil)
    }

    @Test func theDuplicateCheckAndRefusalSentencesStateTheirReason() {
        #expect(forwarded("held: likely already in the ledger: fec L-1 (number F-142, 2026-04-16) — P-1: name (+6) → 6.0")
                == .duplicate(of: .ledger))
        #expect(forwarded("held: same file as record inv-0, already forwarded — P-1: x") == .duplicate(of: .earlierForward))
        #expect(forwarded("held: number F-142 already forwarded as record inv-0 — P-1: x") == .duplicate(of: .earlierForward))
        #expect(forwarded("held: Qonto flags this record as having duplicates — P-1: x") == .duplicate(of: .qontoFlag))
        #expect(forwarded("held: rejected in Qonto — held: below") == .hold(reason: .rejectedInQonto))
        #expect(forwarded("held: discarded in Qonto — P-1: x") == .hold(reason: .rejectedInQonto))
        #expect(forwarded("held: no counterparty evidence (no name, valid identifier or IBAN)") == .hold(reason: .noEvidence))
    }

    @Test func aMatcherHoldWhoseWordingServesSeveralReasonsStaysUnknown() {
        // "below", "too close to call" and the identifier conflicts are all worded "held: <entry>: …".
        #expect(forwarded("held: P-1: name (+2) → 2.0, below 6.0") == nil)
        #expect(forwarded("held: new counterparty: name (+2) → 2.0; name confusable with P-2 \"Durand\"") == nil)
        #expect(forwarded("held: P-1 7.0 and P-2 6.5 too close to call", counterpartyID: nil) == nil)
    }

    @Test func aForwardIsKnownByItsEntryOrNewByItsSentence() {
        #expect(forwarded("P-1: VAT FR40303265045 agrees (+8) → 8.0", counterpartyID: "P-1") == .forward(.known(counterpartyID: "P-1")))
        #expect(forwarded("new counterparty: VAT FR40303265045 valid on invoice (+8) → 8.0") == .forward(.newCounterparty(learn: nil)))
        #expect(forwarded("something else entirely") == nil)
    }
}
