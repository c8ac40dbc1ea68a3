import FacteurCore
import FacteurTesting
import Foundation
import Testing

@Suite("Transactions kept for a window's reconciliation")
struct ReconcilableAmountsTests {
    @Test func onlyTransactionsOfAnInvoiceAmountAreAdmittedComparedToTheCent() {
        // Given a window's invoice totals, one written with trailing zeros, one missing, one negative
        let amounts = ReconcilableAmounts([Decimal(string: "80.10"), Decimal(string: "120.00"), nil, Decimal(string: "-45.00"), 120])
        func transaction(_ amount: String) -> TransactionEvidence {
            TransactionEvidence(id: amount, amount: Decimal(string: amount)!, side: .debit, date: "2025-05-01")
        }
        // Then equal amounts are admitted however they are written, and nothing else
        #expect(amounts.count == 3)
        #expect(amounts.admits(transaction("80.1")) && amounts.admits(transaction("120")))
        #expect(!amounts.admits(transaction("80.11")) && !amounts.admits(transaction("45.00")) && !amounts.admits(transaction("0")))
        #expect(!ReconcilableAmounts([nil]).admits(transaction("1")))
    }

    @Test func filteringAWindowsTransactionsChangesNoMatch() async throws {
        // Given the labelled evaluation set, every case of one directory scored as one large window
        // against all the cases' transactions (a dense bank history)
        let url = try #require(Bundle.module.url(forResource: "matching-evaluation", withExtension: "json", subdirectory: "Fixtures"))
        let fixture = try JSONDecoder().decode(MatchEvaluation.Fixture.self, from: Data(contentsOf: url))
        var left = 0
        for (name, directory) in fixture.directories {
            let cases = fixture.cases.filter { $0.directory == name }
            let invoices = cases.map(\.invoice)
            let transactions = cases.flatMap(\.transactions)
            guard !transactions.isEmpty else { continue }
            let matcher = CounterpartyMatcher(directory: directory)
            // When only the transactions of an invoice amount are kept
            let amounts = ReconcilableAmounts(invoices.map(\.amount))
            let kept = transactions.filter(amounts.admits)
            left += transactions.count - kept.count
            // Then every invoice gets exactly the same result (seconds of CPU: off the concurrency pool)
            let (filtered, unfiltered) = await offPool {
                (matcher.matchWindow(invoices, transactions: kept), matcher.matchWindow(invoices, transactions: transactions))
            }
            #expect(filtered == unfiltered, "directory \(name)")
        }
        #expect(left > 0, "the set has transactions of no invoice's amount, which the filter leaves out")
    }
}
