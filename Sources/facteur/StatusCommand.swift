import ArgumentParser
import FacteurApp
import Foundation

/// `facteur status`: the health summary the status page shows.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the gateway's health: each side, the sync markers, open incidents, outbox counts, what waits for a person.",
        discussion: """
            Exit status 3 when an incident is open or a message failed (what monitoring should page on); \
            0 otherwise, including when records are held for review (listed, but waiting for a person is their normal state).
            """)

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let workspace = try options.openWorkspace()
        let report = try workspace.statusReport()
        if json {
            try JSONOutput.print(report)
        } else {
            if workspace.id != .default { print("workspace \(workspace.id)") }
            print(StatusText.render(report), terminator: "")
        }
        if !report.openIncidents.isEmpty || report.problems.contains(where: { $0.state == "failed" }) { throw ExitCode(3) }
    }
}
