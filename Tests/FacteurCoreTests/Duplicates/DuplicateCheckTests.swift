import FacteurCore
import Foundation
import Testing

@Suite("Duplicate check")
struct DuplicateCheckTests {
    static let entry = Counterparty(id: "P-1", kind: .supplier, name: "Garage Roche SAS", siren: "404833048")
    static let sameCompany = Counterparty(id: "F-9", kind: .supplier, name: "GARAGE ROCHE", siren: "404833048", source: "fec")

    private func invoice(number: String? = "F-2026-0142", amount: Decimal = Decimal(string: "1250.40")!, date: String = "2026-03-02",
                         creditNote: Bool = false) -> InvoiceEvidence {
        InvoiceEvidence(recordID: "q-2", kind: .supplier, counterpartyName: "Garage Roche", siren: "404833048", amount: amount,
                        issueDate: date, invoiceNumber: number, isCreditNote: creditNote)
    }

    private func forwarded(_ invoice: InvoiceEvidence) -> MatchResult {
        MatchResult(recordID: invoice.recordID, decision: .forward, counterparty: Self.entry, isNewCounterparty: false, score: 19,
                    runnerUpScore: nil, transactionID: nil, explanation: "P-1: SIREN 404833048 agrees (+13)")
    }

    private func screen(_ invoice: InvoiceEvidence, ledger: [BookedInvoice] = [], earlier: [InvoiceEvidence] = []) -> MatchResult {
        DuplicateCheck(ledger: ledger, earlier: earlier, dedupDays: 3)
            .screen(forwarded(invoice), invoice: invoice, directory: [Self.entry, Self.sameCompany])
    }

    private func booked(_ number: String?, amount: Decimal = Decimal(string: "1250.40")!, date: String = "2026-03-02",
                        id: String = "P-1", creditNote: Bool = false, eInvoice: Bool = false) -> BookedInvoice {
        BookedInvoice(source: eInvoice ? "pennylane" : "fec", sourceRef: "L-1", counterpartyID: id, invoiceNumber: number,
                      amount: amount, date: date, isCreditNote: creditNote, isEInvoice: eInvoice)
    }

    @Test func numbersWrittenDifferentlyAreTheSameNumber() throws {
        let key = try #require(InvoiceNumberKeys("F-2026-0142"))
        for variant in ["F-2026-142", "F/2026/0142", "F 2026 0142", "F20260142", "f.2026.00142", "Facture N° F-2026-0142",
                        "INV F-2026-142"] {
            #expect(key.matches(try #require(InvoiceNumberKeys(variant))), "\(variant)")
        }
        #expect(!key.matches(try #require(InvoiceNumberKeys("F-2026-0143"))))
        #expect(!key.matches(try #require(InvoiceNumberKeys("F-2025-0142"))))
        #expect(InvoiceNumberKeys("Facture") == nil)
    }

    @Test func theSameNumberInTheLedgerIsHeldUnderADueDate() {
        // A due date booked as the date: 45 days later, same number with other padding.
        let result = screen(invoice(), ledger: [booked("F-2026-142", date: "2026-04-16", id: "F-9")])
        #expect(result.decision == .hold)
        #expect(result.holdReason == .alreadyBooked)
        #expect(result.explanation.hasPrefix("held: likely already in the ledger: fec L-1 (number F-2026-142, 2026-04-16) — P-1:"))
    }

    @Test func aNumberReusedYearsLaterWithAnotherAmountIsAnotherInvoice() {
        // Numbering restarted with the year: F-0142 of 2024 and F-0142 of 2026 are two invoices.
        #expect(screen(invoice(number: "F-0142"), ledger: [booked("F-142", amount: 310, date: "2024-02-20")]).decision == .forward)
        // The same amount, or within a year, stays the same invoice.
        #expect(screen(invoice(number: "F-0142"), ledger: [booked("F-142", date: "2024-02-20")]).holdReason == .alreadyBooked)
        #expect(screen(invoice(number: "F-0142"), ledger: [booked("F-142", amount: 310, date: "2025-09-20")]).holdReason == .alreadyBooked)
        let earlier = InvoiceEvidence(recordID: "q-1", kind: .supplier, counterpartyName: "Garage Roche", siren: "404833048",
                                      amount: 310, issueDate: "2024-02-20", invoiceNumber: "F-0142")
        #expect(screen(invoice(number: "F-0142"), earlier: [earlier]).decision == .forward)
    }

    @Test func theSupplierNumberInAFECLabelIsTheNumberBooked() {
        var line = booked("HA000123", date: "2026-03-03")
        line.label = "ROCHE FACT F2026/142 vidange"
        let result = screen(invoice(), ledger: [line])
        #expect(result.holdReason == .alreadyBooked)
        #expect(result.explanation.contains("(number F2026/142, 2026-03-03)"), "\(result.explanation)")
        line.label = "ROCHE FACT F2026/141 vidange"  // another invoice's number: two invoices of the same amount
        #expect(screen(invoice(), ledger: [line]).decision == .forward)
    }

    @Test func aBookingUnderTheSuppliersFECAccountIsFoundWhateverEntryTheMatcherChose() {
        // The books hold Garage Roche twice: in Pennylane with its SIREN (P-1) and as a FEC account, a name only.
        let account = Counterparty(id: "fec:401ROCHE", kind: .supplier, name: "GARAGE ROCHE", source: "fec")
        let homonym = Counterparty(id: "P-8", kind: .supplier, name: "Garage Roche", siren: "303265045")
        let ledger = [BookedInvoice(source: "fec", sourceRef: "HA:1", counterpartyID: "fec:401ROCHE", invoiceNumber: "F-2026-142",
                                    amount: Decimal(string: "1250.40")!, date: "2026-03-31")]
        let check = DuplicateCheck(ledger: ledger, dedupDays: 3)
        let held = check.screen(forwarded(invoice()), invoice: invoice(), directory: [Self.entry, account])
        #expect(held.holdReason == .alreadyBooked, "\(held.explanation)")
        // A homonym with another SIREN is another company: its FEC twin is not P-1's.
        #expect(DuplicateCheck.entries(sameCompanyAs: homonym, in: [Self.entry, account, homonym]) == ["P-8", "fec:401ROCHE"])
        #expect(DuplicateCheck.entries(sameCompanyAs: Self.entry, in: [Self.entry, account, homonym]) == ["P-1", "fec:401ROCHE"])
    }

    @Test func aPennylaneEInvoiceIsAlreadyBooked() {
        let result = screen(invoice(), ledger: [booked("F-2026-0142", eInvoice: true)])
        #expect(result.holdReason == .alreadyBooked)
        #expect(result.explanation.contains("e-invoice in pennylane L-1"))
    }

    @Test func theSameAmountIsADuplicateOnlyWhenANumberIsMissing() {
        #expect(screen(invoice(), ledger: [booked(nil, date: "2026-03-04")]).holdReason == .alreadyBooked)
        #expect(screen(invoice(), ledger: [booked("F-2026-0099", date: "2026-03-03")]).decision == .forward)
        #expect(screen(invoice(number: nil), ledger: [booked(nil, date: "2026-03-09")]).decision == .forward)
    }

    @Test func aCreditNoteAndAMonthlySubscriptionAreNotDuplicates() {
        #expect(screen(invoice(number: "AV-2026-3", creditNote: true), ledger: [booked("F-2026-0142")]).decision == .forward)
        let months = ["2026-02-01", "2026-01-02", "2025-12-03"].map { booked(nil, date: $0) }
        #expect(screen(invoice(number: nil), ledger: months).decision == .forward)
    }

    @Test func facteursOwnEarlierRecordsCatchASecondUpload() {
        var copy = invoice()
        copy.recordID = "q-1"
        copy.fileSHA256 = "ab12"
        var second = invoice(number: nil)
        second.fileSHA256 = "ab12"
        #expect(screen(second, earlier: [copy]).holdReason == .alreadyForwarded)
        var rescan = invoice(number: "F 2026 142")
        rescan.fileSHA256 = "cd34"
        #expect(screen(rescan, earlier: [copy]).holdReason == .alreadyForwarded)
        var otherCompany = copy
        otherCompany.siren = "552081317"
        otherCompany.fileSHA256 = nil
        #expect(screen(rescan, earlier: [otherCompany]).decision == .forward)
    }

    @Test func qontoSignalsHoldWithTheirReason() {
        var flagged = invoice()
        flagged.hasDuplicates = true
        #expect(screen(flagged).holdReason == .flaggedDuplicateByQonto)
        for status in ["rejected", "discarded"] {
            var refused = invoice()
            refused.status = status
            #expect(screen(refused).holdReason == .rejectedInQonto)
        }
        var open = invoice()
        open.status = "to_review"
        #expect(screen(open).decision == .forward)
        // Rejected in Qonto outranks a matching doubt: a person sees why it will never go.
        var doubtful = invoice()
        doubtful.status = "rejected"
        let hold = MatchResult(recordID: doubtful.recordID, decision: .hold, holdReason: .belowThreshold, counterparty: nil,
                               isNewCounterparty: false, score: 2, runnerUpScore: nil, transactionID: nil, explanation: "held: below")
        let result = DuplicateCheck().screen(hold, invoice: doubtful, directory: [])
        #expect(result.holdReason == .rejectedInQonto && result.explanation == "held: rejected in Qonto — held: below")
    }
}
