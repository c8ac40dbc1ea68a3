import FacteurCore
import Testing

/// The typed decision a window takes for each record, its stable codes, and the sentences people
/// read, rendered from it.
@Suite struct InvoiceDecisionTests {
    let entry = Counterparty(id: "P-1", kind: .supplier, name: "Imprimerie Durand")
    let learned = Counterparty(id: "learned:supplier:sup-9", kind: .supplier, name: "Atelier Nouveau SAS",
                               vatNumber: "FR44732829320", source: "learned")

    func result(_ decision: MatchResult.Decision, _ reason: MatchResult.HoldReason? = nil, counterparty: Counterparty? = nil,
                isNew: Bool = false, explanation: String = "whatever the matcher says") -> MatchResult {
        MatchResult(recordID: "inv-1", decision: decision, holdReason: reason, counterparty: counterparty, isNewCounterparty: isNew,
                    score: 9, runnerUpScore: nil, transactionID: nil, explanation: explanation)
    }

    @Test func aForwardToADirectoryEntryNamesItAndTeachesNothing() {
        let decision = InvoiceDecision(result(.forward, counterparty: entry), learn: learned)
        #expect(decision == .forward(.known(counterpartyID: "P-1")))
        #expect(decision.forwards && decision.counterpartyToLearn == nil)
    }

    @Test func aForwardAsANewCounterpartyCarriesTheEntryToLearnWhateverItsWording() {
        let decision = InvoiceDecision(result(.forward, isNew: true, explanation: "nouveau fournisseur : TVA valide"), learn: learned)
        #expect(decision == .forward(.newCounterparty(learn: learned)))
        #expect(decision.counterpartyToLearn == learned)
    }

    @Test func theDuplicateCheckReasonsAreDuplicatesNotHolds() {
        #expect(InvoiceDecision(result(.hold, .alreadyBooked)) == .duplicate(of: .ledger))
        #expect(InvoiceDecision(result(.hold, .alreadyForwarded)) == .duplicate(of: .earlierForward))
        #expect(InvoiceDecision(result(.hold, .flaggedDuplicateByQonto)) == .duplicate(of: .qontoFlag))
        #expect(InvoiceDecision(result(.hold, .rejectedInQonto)) == .hold(reason: .rejectedInQonto))
        #expect(InvoiceDecision(result(.hold, .tooCloseToCall, counterparty: entry)) == .hold(reason: .tooCloseToCall))
        #expect(!InvoiceDecision(result(.hold, .alreadyBooked)).forwards)
    }

    @Test func everyMatcherHoldReasonHasATypedDecision() {
        let reasons: [MatchResult.HoldReason] = [.conflictingIdentifiers, .identifierConflictsWithDirectory, .nameAndIBANDisagree,
                                                 .tooCloseToCall, .noEvidence, .belowThreshold, .alreadyBooked, .alreadyForwarded,
                                                 .flaggedDuplicateByQonto, .rejectedInQonto]
        let codes = reasons.map { InvoiceDecision(result(.hold, $0)).code }
        #expect(codes == ["conflicting_identifiers", "identifier_conflicts_with_directory", "name_and_iban_disagree",
                          "too_close_to_call", "no_evidence", "below_threshold", "already_booked", "already_forwarded",
                          "flagged_duplicate_by_qonto", "rejected_in_qonto"])
    }

    @Test func theStoredCodesAreStable() {
        // Stored in qonto_records.reason_code: renaming one would orphan every row written before.
        #expect(HoldReason.allCases.map(\.rawValue) == [
            "non_financial_document", "no_attachment", "missing_attachment", "download_failed", "file_too_large", "file_refused",
            "empty_file", "unsupported_file", "refused_id", "cannot_compose", "gone_from_qonto", "conflicting_identifiers",
            "identifier_conflicts_with_directory", "name_and_iban_disagree", "too_close_to_call", "no_evidence",
            "below_threshold", "rejected_in_qonto",
        ])
        #expect(InvoiceDecision.forward(.known(counterpartyID: "P-1")).code == "known_counterparty")
        #expect(InvoiceDecision.forward(.newCounterparty(learn: learned)).code == "new_counterparty")
    }

    @Test func everyDecisionReadsBackFromItsCode() {
        var all: [InvoiceDecision] = [.forward(.known(counterpartyID: "P-1")), .forward(.newCounterparty(learn: nil))]
        all += HoldReason.allCases.map { .hold(reason: $0) } + InvoiceDecision.Duplicate.allCases.map { .duplicate(of: $0) }
        for decision in all {
            #expect(InvoiceDecision(code: decision.code, counterpartyID: "P-1") == decision, "\(decision.code)")
        }
        // What is already applied is not carried back: the entry was learned in the window's commit.
        #expect(InvoiceDecision(code: "new_counterparty") == .forward(.newCounterparty(learn: nil)))
    }

    @Test func anUnknownCodeOrAKnownForwardWithoutItsEntryIsNoDecision() {
        #expect(InvoiceDecision(code: "held for a reason from the future") == nil)
        #expect(InvoiceDecision(code: "known_counterparty", counterpartyID: nil) == nil)
    }

    @Test func onlyANonFinancialDocumentAnUnsupportedFileOrARefusedIDIsNotAnInvoice() {
        let notInvoices = HoldReason.allCases.filter { InvoiceDecision.hold(reason: $0).isNotAnInvoice }
        #expect(notInvoices == [.nonFinancialDocument, .unsupportedFile, .refusedID])
        #expect(!InvoiceDecision.duplicate(of: .ledger).isNotAnInvoice)
        #expect(!InvoiceDecision.forward(.newCounterparty(learn: nil)).isNotAnInvoice)
    }

    @Test func theSentencesPeopleReadKeepTheirWording() {
        #expect(HoldReason.nonFinancialDocument.explanation()
                == "non-financial document: Qonto files it under Document Review, not as an invoice")
        #expect(HoldReason.unsupportedFile.explanation(detail: "application/xml")
                == "unsupported file: application/xml is not a PDF, JPEG or PNG (what Pennylane reads)")
        #expect(HoldReason.unsupportedFile.explanation()
                == "unsupported file: unknown type is not a PDF, JPEG or PNG (what Pennylane reads)")
        #expect(HoldReason.noAttachment.explanation() == "no attachment: Qonto has no file for this invoice")
        #expect(HoldReason.missingAttachment.explanation(detail: "att-1") == "missing attachment: Qonto answers 404 for attachment att-1")
        #expect(HoldReason.downloadFailed.explanation(detail: "HTTP 500") == "download failed: HTTP 500")
        #expect(HoldReason.fileTooLarge.explanation(detail: "12 MB") == "file too large: 12 MB")
        #expect(HoldReason.fileRefused.explanation(detail: "not a regular file (a directory, a device or a pipe)")
                == "not a regular file (a directory, a device or a pipe)")
        #expect(HoldReason.emptyFile.explanation() == "empty file: the attachment has 0 bytes")
        #expect(HoldReason.refusedID.explanation(detail: "bad id") == "refused: bad id")
        #expect(HoldReason.cannotCompose.explanation(detail: "no sender") == "cannot compose: no sender")
        #expect(HoldReason.goneFromQonto.explanation() == "gone from Qonto: it answers 404 for this record (deleted or merged there)")
        #expect(HoldReason.belowThreshold.explanation(detail: "held: P-1: name (+2) → 2.0, below 6.0")
                == "held: P-1: name (+2) → 2.0, below 6.0")
    }
}
