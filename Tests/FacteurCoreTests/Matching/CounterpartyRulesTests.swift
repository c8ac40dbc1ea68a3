import FacteurCore
import Foundation
import Testing

/// The product rules of issue 11, one test each, on a small directory.
@Suite("Counterparty rules (issue 11)")
struct CounterpartyRulesTests {
    static let ibanA = "FR7630006000011234567890189"
    static let ibanB = "DE89370400440532013000"
    static let company = CompanyIdentifiers(name: "Atelier Démo", siren: "732829320", vatNumber: "FR44732829320")

    static let roche = Counterparty(id: "P-1", kind: .supplier, name: "Garage Roche SAS", siren: "404833048", iban: ibanA)
    static let arnaud = Counterparty(id: "P-2", kind: .supplier, name: "Menuiserie Arnaud SARL", siren: "552081317", iban: ibanB)
    static let lyon = Counterparty(id: "P-3", kind: .supplier, name: "Transports Meyer Lyon", siren: "542107651", siret: "54210765100011")
    static let nantes = Counterparty(id: "P-4", kind: .supplier, name: "Transports Meyer Nantes", siren: "542107651", siret: "54210765100029")
    static let claire = Counterparty(id: "C-1", kind: .customer, name: "Claire Dubois")
    static let twinA = Counterparty(id: "C-2", kind: .customer, name: "Sophie Martin")
    static let twinB = Counterparty(id: "C-3", kind: .customer, name: "MARTIN Sophie")

    private func match(_ invoice: InvoiceEvidence, transactions: [TransactionEvidence] = []) -> MatchResult {
        CounterpartyMatcher(directory: [Self.roche, Self.arnaud, Self.lyon, Self.nantes, Self.claire, Self.twinA, Self.twinB],
                            company: Self.company).matchWindow([invoice], transactions: transactions)[0]
    }

    @Test func aUniqueNameAloneIsForwarded() {
        let result = match(InvoiceEvidence(recordID: "r", kind: .supplier, counterpartyName: "Garage Roche, Société par actions simplifiée"))
        #expect(result.decision == .forward)
        #expect(result.counterparty?.id == "P-1")
        #expect(result.explanation.hasSuffix("(unique name)"))
    }

    @Test func anIdentifierOfOneEntryWithTheNameOfAnotherIsHeldNamingBoth() {
        let result = match(InvoiceEvidence(recordID: "r", kind: .supplier, counterpartyName: "Menuiserie Arnaud", siren: "404833048"))
        #expect(result.decision == .hold)
        #expect(result.holdReason == .identifierConflictsWithDirectory)
        #expect(result.explanation.contains("P-1 \"Garage Roche SAS\"") && result.explanation.contains("P-2 \"Menuiserie Arnaud SARL\""))
    }

    @Test func aNewNameWithAKnownEntrysIBANIsHeldNamingThatEntry() {
        let result = match(InvoiceEvidence(recordID: "r", kind: .supplier, counterpartyName: "Charpente Lemoine", iban: Self.ibanA))
        #expect(result.decision == .hold)
        #expect(result.holdReason == .nameAndIBANDisagree)
        #expect(result.explanation.contains("IBAN is recorded on P-1 \"Garage Roche SAS\""))
    }

    @Test func aNewSupplierNeedsAnIdentifierOrAnIBANWithAPaymentToIt() {
        let iban = "FR7610107001011234567890129"
        #expect(match(InvoiceEvidence(recordID: "r", kind: .supplier, counterpartyName: "Charpente Lemoine")).decision == .hold)
        #expect(match(InvoiceEvidence(recordID: "r", kind: .supplier, counterpartyName: "Charpente Lemoine", iban: iban)).decision == .hold)
        let paid = TransactionEvidence(id: "t", amount: 300, side: .debit, date: "2026-04-20", counterpartyName: "VIR SEPA CHARPENTE LEMOINE",
                                       iban: iban)
        let result = match(InvoiceEvidence(recordID: "r", kind: .supplier, counterpartyName: "Charpente Lemoine", iban: iban, amount: 300,
                                           issueDate: "2026-03-10"), transactions: [paid])
        #expect(result.decision == .forward && result.isNewCounterparty)
        #expect(result.transactionID == "t")  // 41 days later: inside payment terms
    }

    @Test func aCustomerNeedsOnlyANameUnlessItFitsTwoCustomers() {
        let known = match(InvoiceEvidence(recordID: "r", kind: .customer, counterpartyName: "Mme Claire Dubois"))
        #expect(known.decision == .forward && known.counterparty?.id == "C-1")
        let new = match(InvoiceEvidence(recordID: "r", kind: .customer, counterpartyName: "M. Loïc Baudry"))
        #expect(new.decision == .forward && new.isNewCounterparty)
        #expect(match(InvoiceEvidence(recordID: "r", kind: .customer, counterpartyName: "Sophie Martin")).decision == .hold)
        #expect(match(InvoiceEvidence(recordID: "r", kind: .customer)).holdReason == .noEvidence)
    }

    @Test func theCompanysOwnIdentifiersAreNeverTheSuppliers() {
        let result = match(InvoiceEvidence(recordID: "r", kind: .supplier, counterpartyName: "Garage Roche SAS", vatNumber: "FR44732829320",
                                           siren: "404833048"))
        #expect(result.decision == .forward && result.counterparty?.id == "P-1")
        #expect(result.explanation.contains("company's own, ignored"))
        let onlyOwn = match(InvoiceEvidence(recordID: "r", kind: .supplier, counterpartyName: "Charpente Lemoine", siren: "732829320"))
        #expect(onlyOwn.decision == .hold)
    }

    @Test func aVATNumberTypedInTheSIRENFieldIsRead() {
        let result = match(InvoiceEvidence(recordID: "r", kind: .supplier, counterpartyName: "Roche Auto", siren: "FR 83 404 833 048"))
        #expect(result.decision == .forward && result.counterparty?.id == "P-1")
    }

    @Test func aSIRETSelectsTheEstablishmentAndASIRENAloneDoesNot() {
        let bySIRET = match(InvoiceEvidence(recordID: "r", kind: .supplier, counterpartyName: "Transports Meyer", siren: "54210765100029"))
        #expect(bySIRET.decision == .forward && bySIRET.counterparty?.id == "P-4")
        let bySIREN = match(InvoiceEvidence(recordID: "r", kind: .supplier, counterpartyName: "Transports Meyer", siren: "542107651"))
        #expect(bySIREN.decision == .hold)
    }

    @Test func qontosOwnInvoicePaymentLinkReconcilesWhateverTheDates() {
        let iban = "FR7610107001011234567890129"
        let paid = TransactionEvidence(id: "t", amount: 300, side: .debit, date: "2026-07-30", counterpartyName: "PAIEMENT", iban: iban)
        let invoice = InvoiceEvidence(recordID: "r", kind: .supplier, counterpartyName: "Charpente Lemoine", iban: iban, amount: 300,
                                      issueDate: "2026-03-10", matchedTransactionIDs: ["t"])
        let result = match(invoice, transactions: [paid])
        #expect(result.transactionID == "t")
        #expect(result.decision == .forward && result.isNewCounterparty)
    }
}
