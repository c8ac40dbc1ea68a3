import FacteurCore
import FacteurTesting
import Foundation
import Testing

// Evaluating hundreds of cases takes seconds of CPU: it runs off the concurrency pool (offPool),
// which would otherwise be held, thread by thread, by these tests.
@Suite("Matching evaluation set", .poolWatchdog)
struct MatchEvaluationTests {
    private func loadFixture() throws -> MatchEvaluation.Fixture {
        let url = try #require(Bundle.module.url(forResource: "matching-evaluation", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(MatchEvaluation.Fixture.self, from: Data(contentsOf: url))
    }

    @Test func theFixtureHasAtLeastThreeHundredLabelledCasesWithHardOnesAndExpectedHolds() throws {
        let fixture = try loadFixture()
        #expect(fixture.cases.count >= 300)
        #expect(fixture.cases.filter { $0.tier == "hard" }.count >= 50)
        #expect(fixture.cases.filter { $0.expected.decision == .hold }.count >= 50)
        #expect(fixture.directories["empty"]?.isEmpty == true)
    }

    @Test func automaticForwardingMeetsThePrecisionAndRecallTargetsAtTheDefaultWeights() async throws {
        // Given the frozen evaluation set and the default weights of pennylane.md §3.4
        let fixture = try loadFixture()
        // When every case is matched as its own window
        let report = await offPool { MatchEvaluation.evaluate(fixture, weights: MatchingWeights()) }
        print(report.table)
        // Then wrong automatic forwards stay rare and most forwardable invoices are forwarded
        #expect(report.overall.precision >= 0.995, "\(report.summary)")
        #expect(report.overall.recall >= 0.95, "\(report.summary)")
    }

    private func loadFamilies() throws -> MatchEvaluation.Fixture {
        let url = try #require(Bundle.module.url(forResource: "matching-families", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(MatchEvaluation.Fixture.self, from: Data(contentsOf: url))
    }

    @Test func aCaseInTodaysFormatLoadsWithoutAnyOfTheOptionalFields() throws {
        let json = """
            {"directories": {"empty": []}, "cases": [{"id": "C-1", "tier": "easy", "reason": "r", "label": "new_counterparty",
              "directory": "empty", "transactions": [], "expected": {"decision": "hold"},
              "invoice": {"recordID": "i", "kind": "supplier", "counterpartyName": "Acme"}}]}
            """
        let fixture = try JSONDecoder().decode(MatchEvaluation.Fixture.self, from: Data(json.utf8))
        #expect(fixture.company == nil && fixture.cases[0].family == nil && fixture.cases[0].ledger == nil)
        #expect(fixture.cases[0].invoice.hasDuplicates == false && fixture.cases[0].invoice.matchedTransactionIDs.isEmpty)
        #expect(MatchEvaluation.evaluate(fixture).byFamily["-"]?.cases == 1)
    }

    @Test func theFamilySetHasSixHundredTaggedCasesAndMeetsTheTargetsPerFamilyReported() async throws {
        let fixture = try loadFamilies()
        #expect(fixture.cases.count >= 600)
        #expect(fixture.cases.allSatisfy { $0.family != nil })
        #expect(fixture.cases.contains { $0.ledger?.isEmpty == false } && fixture.cases.contains { $0.earlier?.isEmpty == false })
        let report = await offPool { MatchEvaluation.evaluate(fixture) }
        print(report.table)
        #expect(report.byFamily.count >= 25)
        #expect(report.overall.precision >= 0.995, "\(report.summary)")
        #expect(report.overall.recall >= 0.95, "\(report.summary)")
        // Every duplicate family holds every case: no duplicate goes through.
        for (family, counts) in report.byFamily where family.hasPrefix("dup_") || family == "qonto_has_duplicates" {
            #expect(counts.forwards == 0, "\(family) forwarded \(counts.forwards)")
        }
    }

    @Test func aWindowDecidesTheSameWhateverTheOrderItsRecordsArriveIn() async throws {
        // Rule 7: the cases of one directory, matched as one big window in three orders.
        let fixture = try loadFamilies()
        let cases = fixture.cases.filter { $0.directory == "suppliers" && ($0.window ?? []).isEmpty }
        let matcher = CounterpartyMatcher(directory: fixture.directories["suppliers"] ?? [], company: fixture.company)
        let transactions = cases.flatMap(\.transactions)
        @Sendable func decisions(_ order: [MatchEvaluation.Case]) -> [String: String] {
            let results = matcher.matchWindow(order.map(\.invoice), transactions: order.flatMap(\.transactions))
            return Dictionary(uniqueKeysWithValues: results.map {
                ($0.recordID, "\($0.decision.rawValue) \($0.counterparty?.id ?? ($0.isNewCounterparty ? "new" : "-")) \($0.transactionID ?? "-")")
            })
        }
        #expect(transactions.count > 50)
        // A fixed interleaving (every third case first), so a failure is reproducible.
        let interleaved = (0..<3).flatMap { start in stride(from: start, to: cases.count, by: 3).map { cases[$0] } }
        let (forward, reversed, mixed) = await offPool { (decisions(cases), decisions(cases.reversed()), decisions(interleaved)) }
        #expect(forward == reversed)
        #expect(forward == mixed)
    }
}
