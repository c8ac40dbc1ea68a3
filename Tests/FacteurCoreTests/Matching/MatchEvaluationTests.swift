import FacteurCore
import Foundation
import Testing

@Suite("Matching evaluation set")
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

    @Test func automaticForwardingMeetsThePrecisionAndRecallTargetsAtTheDefaultWeights() throws {
        // Given the frozen evaluation set and the default weights of pennylane.md §3.4
        let fixture = try loadFixture()
        // When every case is matched as its own window
        let report = MatchEvaluation.evaluate(fixture, weights: MatchingWeights())
        print(report.table)
        // Then wrong automatic forwards stay rare and most forwardable invoices are forwarded
        #expect(report.overall.precision >= 0.995, "\(report.summary)")
        #expect(report.overall.recall >= 0.95, "\(report.summary)")
    }
}
