import FacteurCore
import Foundation
import Testing

@Suite("Invoice and transaction reconciliation")
struct TransactionReconciliationTests {
    private let matcher = CounterpartyMatcher(directory: [])

    @Test func whenTwoInvoicesCompeteForOneTransactionTheMoreConfidentPairWins() {
        // Given two invoices of the same amount and one transaction naming the second supplier
        let first = InvoiceEvidence(recordID: "a", kind: .supplier, counterpartyName: "Peintures Caron", amount: 120, issueDate: "2025-05-02")
        let second = InvoiceEvidence(recordID: "b", kind: .supplier, counterpartyName: "Vélos Roger", amount: 120, issueDate: "2025-05-02")
        let payment = TransactionEvidence(id: "t1", amount: 120, side: .debit, date: "2025-05-03", counterpartyName: "VELOS ROGER")
        // When the window is matched
        let results = matcher.matchWindow([first, second], transactions: [payment])
        // Then the transaction goes to the invoice whose name agrees, and only to it
        #expect(results[0].transactionID == nil)
        #expect(results[1].transactionID == "t1")
    }

    @Test func equalConfidenceIsBrokenByDateThenByIDs() {
        let a = InvoiceEvidence(recordID: "a", kind: .supplier, amount: 50, issueDate: "2025-05-01")
        let b = InvoiceEvidence(recordID: "b", kind: .supplier, amount: 50, issueDate: "2025-05-01")
        let t2 = TransactionEvidence(id: "t2", amount: 50, side: .debit, date: "2025-05-04")
        let t1 = TransactionEvidence(id: "t1", amount: 50, side: .debit, date: "2025-05-04")
        let results = matcher.matchWindow([b, a], transactions: [t2, t1])
        #expect(results.map(\.transactionID) == ["t2", "t1"])
        let closer = TransactionEvidence(id: "t9", amount: 50, side: .debit, date: "2025-05-02")
        #expect(matcher.matchWindow([b, a], transactions: [t2, closer]).map(\.transactionID) == ["t2", "t9"])
    }

    @Test func supplierInvoicesPairWithDebitsAndCreditNotesWithCredits() {
        let invoice = InvoiceEvidence(recordID: "a", kind: .supplier, counterpartyName: "Forge Aubry", amount: 80, issueDate: "2025-05-01")
        let refund = InvoiceEvidence(recordID: "b", kind: .supplier, counterpartyName: "Forge Aubry", amount: 80, issueDate: "2025-05-01",
                                     isCreditNote: true)
        let customer = InvoiceEvidence(recordID: "c", kind: .customer, counterpartyName: "Forge Aubry", amount: 80, issueDate: "2025-05-01")
        let debit = TransactionEvidence(id: "debit", amount: 80, side: .debit, date: "2025-05-01", counterpartyName: "FORGE AUBRY")
        let credit = TransactionEvidence(id: "credit", amount: 80, side: .credit, date: "2025-05-01", counterpartyName: "FORGE AUBRY")
        let results = matcher.matchWindow([invoice, refund], transactions: [debit, credit])
        #expect(results.map(\.transactionID) == ["debit", "credit"])
        #expect(matcher.matchWindow([customer], transactions: [debit, credit])[0].transactionID == "credit")
    }

    @Test func amountsMustAgreeToTheCentAndDatesFallInsideTheWindow() {
        let invoice = InvoiceEvidence(recordID: "a", kind: .supplier, counterpartyName: "Forge Aubry",
                                      amount: Decimal(string: "80.10"), issueDate: "2025-05-01")
        let off = TransactionEvidence(id: "off", amount: Decimal(string: "80.11")!, side: .debit, date: "2025-05-01", counterpartyName: "FORGE AUBRY")
        // Up to 10 days before the issue date (a deposit), up to 75 days after it (payment terms, issue 11).
        let early = TransactionEvidence(id: "early", amount: Decimal(string: "80.1")!, side: .debit, date: "2025-04-20", counterpartyName: "FORGE AUBRY")
        let late = TransactionEvidence(id: "late", amount: Decimal(string: "80.1")!, side: .debit, date: "2025-07-16", counterpartyName: "FORGE AUBRY")
        let inside = TransactionEvidence(id: "in", amount: Decimal(string: "80.10")!, side: .debit, date: "2025-04-21", counterpartyName: "FORGE AUBRY")
        let terms = TransactionEvidence(id: "terms", amount: Decimal(string: "80.10")!, side: .debit, date: "2025-06-30", counterpartyName: "FORGE AUBRY")
        #expect(matcher.matchWindow([invoice], transactions: [off, early, late])[0].transactionID == nil)
        #expect(matcher.matchWindow([invoice], transactions: [off, early, late, inside])[0].transactionID == "in")
        #expect(matcher.matchWindow([invoice], transactions: [off, early, late, terms])[0].transactionID == "terms")
    }

    @Test func aTransactionNamingSomeoneElseDoesNotReconcile() {
        let invoice = InvoiceEvidence(recordID: "a", kind: .supplier, counterpartyName: "Forge Aubry", amount: 80, issueDate: "2025-05-01")
        let other = TransactionEvidence(id: "t", amount: 80, side: .debit, date: "2025-05-01", counterpartyName: "CINEMA LE REX")
        #expect(matcher.matchWindow([invoice], transactions: [other])[0].transactionID == nil)
    }
}
