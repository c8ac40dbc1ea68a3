import FacteurCore
import Foundation
import Testing

@Suite("Counterparty matcher decisions")
struct CounterpartyMatcherTests {
    static let ibanA = "FR7630006000011234567890189"
    static let ibanB = "DE89370400440532013000"

    static let acme = Counterparty(id: "P-1", kind: .supplier, name: "Acme Solutions SAS", siren: "404833048", iban: ibanA)
    static let dupont = Counterparty(id: "P-2", kind: .supplier, name: "Dupont Plomberie", vatNumber: "FR46443121975", iban: ibanB)

    private func match(_ invoice: InvoiceEvidence, directory: [Counterparty] = [acme, dupont],
                       transactions: [TransactionEvidence] = []) -> MatchResult {
        CounterpartyMatcher(directory: directory).matchWindow([invoice], transactions: transactions)[0]
    }

    @Test func aValidVATNumberAgreeingWithTheDirectoryForwardsWithAOneLineExplanation() {
        let result = match(InvoiceEvidence(recordID: "r1", kind: .supplier, counterpartyName: "ACME SOLUTIONS",
                                           vatNumber: "FR 83 404 833 048"))
        #expect(result.decision == .forward)
        #expect(result.counterparty?.id == "P-1")
        #expect(result.explanation.hasPrefix("P-1: VAT FR83404833048 agrees (+13), name exact (+6)"))
        #expect(!result.explanation.contains("\n"))
    }

    @Test func onlyAFixedWidthFieldCutsAName() {
        // An invoice prints its own name whole: "Transports Martin" is not TRANSPORTS MARTINEZ cut short.
        let martinez = Counterparty(id: "P-7", kind: .supplier, name: "TRANSPORTS MARTINEZ", siren: "552100554")
        let invoiceName = match(InvoiceEvidence(recordID: "r1", kind: .supplier, counterpartyName: "Transports Martin"),
                                directory: [martinez])
        #expect(invoiceName.decision == .hold, "\(invoiceName.explanation)")
        // A FEC account label is a fixed-width field: cut inside a word, it is still the entry.
        let fec = Counterparty(id: "fec:401GIL", kind: .supplier, name: "EPICERIE FINE GILB", source: "fec")
        let fecLabel = match(InvoiceEvidence(recordID: "r2", kind: .supplier, counterpartyName: "Épicerie Fine Gilbert"),
                             directory: [fec])
        #expect(fecLabel.decision == .forward && fecLabel.counterparty?.id == "fec:401GIL", "\(fecLabel.explanation)")
    }

    @Test func theIdentifierRuleForwardsEvenWhenTheNameIsATradeName() {
        // Given a SIREN agreement but a name that disagrees (13 − 4 = 9, below the threshold)
        let result = match(InvoiceEvidence(recordID: "r1", kind: .supplier, counterpartyName: "Rocket Web Studio", siren: "404833048"))
        // Then the hard rule still forwards to the entry
        #expect(result.decision == .forward)
        #expect(result.counterparty?.id == "P-1")
        #expect(result.score < 10)
        #expect(result.explanation.contains("identifier rule"))
    }

    @Test func aSIRENDisagreementWithTheNamedEntryAndNoIBANAgreementIsHeld() {
        // 303265045 is a valid SIREN of a company absent from the directory.
        let result = match(InvoiceEvidence(recordID: "r1", kind: .supplier, counterpartyName: "Acme Solutions", siren: "303265045"))
        #expect(result.decision == .hold)
        #expect(result.holdReason == .identifierConflictsWithDirectory)
        #expect(result.explanation == "held: SIREN 303265045 conflicts with directory entry P-1 (−10)")
    }

    @Test func conflictingIdentifiersOnTheInvoiceItselfAreHeld() {
        let result = match(InvoiceEvidence(recordID: "r1", kind: .supplier, counterpartyName: "Acme Solutions",
                                           vatNumber: "FR83404833048", siren: "443121975"))
        #expect(result.decision == .hold)
        #expect(result.holdReason == .conflictingIdentifiers)
    }

    @Test func aMalformedIdentifierCountsAsAbsentNotAsAgreement() {
        // One digit changed: the VAT number is ignored, and an exact name alone is not enough.
        let result = match(InvoiceEvidence(recordID: "r1", kind: .supplier, counterpartyName: "Acme Solutions",
                                           vatNumber: "FR83404833049"))
        #expect(result.decision == .hold)
        #expect(result.holdReason == .belowThreshold)
        #expect(result.explanation.contains("malformed, ignored"))
        #expect(!result.explanation.contains("agrees"))
    }

    @Test func aNamePointingAtOneEntryAndAnIBANAtAnotherIsHeld() {
        let result = match(InvoiceEvidence(recordID: "r1", kind: .supplier, counterpartyName: "Acme Solutions", iban: Self.ibanB))
        #expect(result.decision == .hold)
        #expect(result.holdReason == .nameAndIBANDisagree)
        // A conflict names both entries, by id and by name (issue 11).
        #expect(result.explanation == "held: name points at P-1 \"Acme Solutions SAS\", IBAN at P-2 \"Dupont Plomberie\"")
    }

    @Test func twoDirectoryEntriesTooCloseToCallAreHeld() {
        let twin = Counterparty(id: "P-3", kind: .supplier, name: "ACME SOLUTIONS", siren: "404833048")
        let result = match(InvoiceEvidence(recordID: "r1", kind: .supplier, counterpartyName: "Acme Solutions", siren: "404833048"),
                           directory: [Self.acme, twin])
        #expect(result.decision == .hold)
        #expect(result.holdReason == .tooCloseToCall)
        #expect(result.runnerUpScore != nil)
    }

    @Test func aNewCounterpartyWithAValidIdentifierIsForwardedAndSaidToBeNew() {
        let result = match(InvoiceEvidence(recordID: "r1", kind: .supplier, counterpartyName: "Serrurerie Masson",
                                           vatNumber: "FR40303265045"))
        #expect(result.decision == .forward)
        #expect(result.isNewCounterparty)
        #expect(result.counterparty == nil)
        #expect(result.explanation.hasPrefix("new counterparty: VAT FR40303265045 valid on invoice (+8), name \"SERRURERIE MASSON\" (+2)"))
    }

    @Test func anEmptyDirectoryStillForwardsOnAnIdentifierAndAName() {
        let result = match(InvoiceEvidence(recordID: "r1", kind: .supplier, counterpartyName: "Acme", siren: "404833048"), directory: [])
        #expect(result.decision == .forward)
        #expect(result.isNewCounterparty)
    }

    @Test func aNewSupplierWithANameAndAPaymentButNoIBANOrIdentifierIsHeld() {
        let invoice = InvoiceEvidence(recordID: "r1", kind: .supplier, counterpartyName: "Serrurerie Masson",
                                      amount: Decimal(string: "240.00"), issueDate: "2025-03-01")
        let transaction = TransactionEvidence(id: "t1", amount: Decimal(string: "240")!, side: .debit, date: "2025-03-06",
                                              counterpartyName: "SERRURERIE MASSON SARL")
        let result = match(invoice, directory: [], transactions: [transaction])
        // Rule 4 (issue 11): a new supplier needs a valid identifier, or an IBAN and a payment to it.
        #expect(result.decision == .hold)
        #expect(result.holdReason == .belowThreshold)
        #expect(result.transactionID == "t1")
        #expect(result.explanation.contains("transaction t1 agrees on amount (+4)"))
    }

    @Test func aNewCounterpartyWhoseIBANAgreesWithTheTransactionIsForwarded() {
        let invoice = InvoiceEvidence(recordID: "r1", kind: .supplier, counterpartyName: "Serrurerie Masson",
                                      iban: "GB29 NWBK 6016 1331 9268 19", amount: 99, issueDate: "2025-03-01")
        let transaction = TransactionEvidence(id: "t1", amount: 99, side: .debit, date: "2025-02-25", iban: "GB29NWBK60161331926819")
        let result = match(invoice, directory: [], transactions: [transaction])
        #expect(result.decision == .forward)
        #expect(result.explanation.contains("IBAN from transaction agrees (+8)"))
    }

    @Test func aBareNameWithNothingElseIsHeld() {
        let result = match(InvoiceEvidence(recordID: "r1", kind: .supplier, counterpartyName: "Serrurerie Masson"), directory: [])
        #expect(result.decision == .hold)
        #expect(result.holdReason == .belowThreshold)
    }

    @Test func anInvoiceWithoutAnyCounterpartyEvidenceIsHeld() {
        let result = match(InvoiceEvidence(recordID: "r1", kind: .supplier, vatNumber: "N/A", amount: 10, issueDate: "2025-01-01"),
                           transactions: [TransactionEvidence(id: "t1", amount: 10, side: .debit, date: "2025-01-01")])
        #expect(result.decision == .hold)
        #expect(result.holdReason == .noEvidence)
    }

    @Test func customerInvoicesAreMatchedOnlyAgainstCustomers() {
        let result = match(InvoiceEvidence(recordID: "r1", kind: .customer, counterpartyName: "Acme Solutions", siren: "404833048"))
        #expect(result.counterparty == nil)
        #expect(result.isNewCounterparty)
    }
}
