import ArgumentParser
import FacteurApp
import Foundation

/// `facteur bench-compose FILE`: the composer's own speed, for `make bench` (see ``CompositionBenchmark``).
struct BenchComposeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-compose",
        abstract: "Compose FILE into /dev/null in process and print the time (for make bench).",
        shouldDisplay: false)

    @OptionGroup var options: GlobalOptions

    @Argument(help: "A PDF, JPEG or PNG file.")
    var file: String

    @Option(help: "How many times; the fastest counts.")
    var runs = 3

    func run() throws {
        try JSONOutput.print(try CompositionBenchmark.run(path: file, runs: runs))
    }
}
