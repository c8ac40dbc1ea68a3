import ArgumentParser
import FacteurApp
import Foundation

/// `facteur bench-matching [FILE]`: precision and recall of automatic forwarding on a labelled set.
struct BenchMatchingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-matching",
        abstract: "Score a labelled evaluation set and print precision and recall of automatic forwarding.",
        discussion: """
            Uses match_threshold, match_margin, match_weights and ledger_dedup_days from the configuration, if one \
            is given. Prints figures by tier, reason and family (when the set tags families); --json prints the \
            same figures as one JSON object.
            """)

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The labelled set (JSON).")
    var file: String = "Tests/FacteurCoreTests/Fixtures/matching-evaluation.json"

    @Flag(help: "Print the report as JSON (overall, byTier, byReason, byFamily, holdReasons, wrong and missed forwards).")
    var json = false

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw CommandFailureText("cannot read \(file)") }
        let fixture: MatchEvaluation.Fixture
        do {
            fixture = try JSONDecoder().decode(MatchEvaluation.Fixture.self, from: data)
        } catch {
            throw CommandFailureText("\(file) is not a labelled set: \(error)")
        }
        let matching = try options.loadConfiguration().matching
        let weights = try matching.weights()
        let report = MatchEvaluation.evaluate(fixture, weights: weights, dedupDays: matching.dedupDays)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        print(report.table)
        print(report.summary)
        print("threshold \(weights.threshold), margin \(weights.margin); targets: precision ≥ 99.5 %, recall ≥ 95 %")
    }
}
