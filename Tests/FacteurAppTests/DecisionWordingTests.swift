@testable import FacteurApp
import FacteurCore
import Foundation
import Store
import Testing

/// Decisions read the typed decision, never its wording: rewording the sentence people read (the
/// matcher's "new counterparty" line, a held record's reason) changes neither what a window
/// learns nor the action the status page offers. On the code before schema v11 both read the
/// sentence's opening, and these tests failed.
@Suite struct DecisionWordingTests {
    let entry = Counterparty(id: "learned:supplier:sup-9", kind: .supplier, name: "Atelier Nouveau SAS",
                             vatNumber: "FR44732829320", source: "learned")

    func item(_ id: String, explanation: String, decision: InvoiceDecision?) throws -> WindowMatcher.Item {
        var message = NewOutboxMessage(recordID: id, recordType: "supplier_invoice", contentHash: "h-\(id)", messageID: "\(id)@test",
                                       sender: "factures@example.fr", recipient: "supplier@pennylane.test", subject: "Facture",
                                       attachmentName: "f.pdf", attachmentSHA256: String(repeating: "0", count: 64),
                                       spoolFile: "spool/\(id).eml", size: 1)
        if decision?.forwards == false { message.initialState = .held }
        var record = QontoRecord(recordType: "supplier_invoice", recordID: id, contentHash: "h-\(id)", updatedAt: "2026-04-16T10:00:00Z",
                                 disposition: "forwarded", rawJSON: "{}")
        record.matchExplanation = explanation
        record.decision = decision
        return WindowMatcher.Item(key: try RecordKey(kind: .supplier, id: id), message: message, record: record,
                                  evidence: InvoiceEvidence(recordID: id, kind: .supplier), learnable: entry, decision: decision)
    }

    @Test func aRewordedNewCounterpartyLineStillTeachesTheCounterparty() throws {
        // The stored Qonto record is not even JSON: what is learned was decided in the window.
        let reworded = try item("inv-new", explanation: "nouveau fournisseur : TVA FR44732829320 valide (+8) → 8,0",
                                decision: .forward(.newCounterparty(learn: entry)))
        #expect(LearnCounterparty.fromWindow([reworded]) == [entry])
    }

    @Test func aLineThatReadsLikeANewCounterpartyTeachesNothingUnlessDecidedSo() throws {
        let known = try item("inv-known", explanation: "new counterparty: the wording of another version",
                             decision: .forward(.known(counterpartyID: "P-1")))
        let held = try item("inv-held", explanation: "new counterparty: name (+2) → 2.0, below 6.0",
                            decision: .hold(reason: .belowThreshold))
        let undecided = try item("inv-undecided", explanation: "new counterparty: VAT valid (+8)", decision: nil)
        #expect(LearnCounterparty.fromWindow([known, held, undecided]).isEmpty)
    }

    @Test func aRewordedHoldSentenceStillOffersDismissAndAnUnknownOneOffersRetry() {
        var record = QontoRecord(recordType: "supplier_invoice", recordID: "inv-nf", contentHash: "h", updatedAt: "2026-04-16T10:00:00Z",
                                 disposition: "held", reason: "document non financier : Qonto le classe en revue de documents",
                                 rawJSON: "{}")
        record.decision = .hold(reason: .nonFinancialDocument)
        #expect(StatusReport.isNotAnInvoice(record))
        // A row whose decision is unknown shows its sentence and decides nothing from it, whatever it says.
        record.decision = nil
        record.reason = "non-financial document: Qonto files it under Document Review, not as an invoice"
        #expect(!StatusReport.isNotAnInvoice(record))
        // A hold that may clear by itself is retried, whatever its reason.
        record.decision = .hold(reason: .unsupportedFile)
        record.retryable = true
        #expect(!StatusReport.isNotAnInvoice(record))
    }
}
