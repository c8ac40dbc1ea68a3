import ArgumentParser
import FacteurApp
import FacteurCore
import Foundation

/// `facteur status`: the health summary the status page shows.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the gateway's health: each side, the sync markers, open incidents, outbox counts, what waits for a person.",
        discussion: "Exit status 0 when nothing needs a person, 3 when an incident is open or a record waits (for monitoring).")

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let (configuration, database) = try options.open()
        let report = try StatusReport(configuration: configuration, database: database).build()
        if json {
            try JSONOutput.print(report)
        } else {
            print(StatusText.render(report), terminator: "")
        }
        if !report.isHealthy { throw ExitCode(3) }
    }
}
