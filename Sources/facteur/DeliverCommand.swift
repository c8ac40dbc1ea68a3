import ArgumentParser
import FacteurApp
import Foundation

/// `facteur deliver`: send everything due now.
struct DeliverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver",
        abstract: "Send every message that is due now, then print a summary.",
        discussion: """
            Exit status: 0 when nothing failed permanently (deferred messages will be retried), 1 when a message \
            failed permanently (see `facteur outbox --state failed`), 2 when the run stopped because the relay \
            refused our credentials or TLS could not be set up, 75 when another facteur process is delivering.
            """)

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func run() async throws {
        let catalog = WorkspaceCatalog(gateway: try options.loadConfiguration())
        let workspace = try catalog.open(options.workspace)
        // The gateway's relay, and the same pipeline, health record and incident policy as the daemon.
        let outcome = try await workspace.deliverDue(in: catalog)
        let summary = outcome.summary
        if json {
            try JSONOutput.print(summary)
        } else {
            var line = "delivered via \(outcome.transportName): \(summary.attempted) attempted, \(summary.sent) sent, "
                + "\(summary.deferred) deferred, \(summary.unknown) unknown, \(summary.failed) failed"
            if summary.recovered > 0 { line += "; \(summary.recovered) recovered from an interrupted run" }
            print(line)
            if let reason = summary.stoppedBecause {
                print("stopped: \(reason); \(summary.notAttempted) more due message(s) not attempted")
            }
        }
        if summary.stoppedBecause != nil { throw ExitCode(2) }
        if summary.failed > 0 { throw ExitCode(1) }
    }
}
