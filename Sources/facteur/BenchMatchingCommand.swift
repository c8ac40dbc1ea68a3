import ArgumentParser
import FacteurApp
import FacteurCore
import Foundation

/// `facteur bench-matching [FILE]`: precision and recall of automatic forwarding on a labelled set.
struct BenchMatchingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-matching",
        abstract: "Score a labelled evaluation set and print precision and recall of automatic forwarding.",
        discussion: "Uses match_threshold, match_margin and match_weights from the configuration, if one is given.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The labelled set (JSON).")
    var file: String = "Tests/FacteurCoreTests/Fixtures/matching-evaluation.json"

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw CommandFailureText("cannot read \(file)") }
        let fixture = try JSONDecoder().decode(MatchEvaluation.Fixture.self, from: data)
        let weights = try options.loadConfiguration().matching.weights()
        let report = MatchEvaluation.evaluate(fixture, weights: weights)
        print(report.table)
        print(report.summary)
        print("threshold \(weights.threshold), margin \(weights.margin); targets: precision ≥ 99.5 %, recall ≥ 95 %")
    }
}
