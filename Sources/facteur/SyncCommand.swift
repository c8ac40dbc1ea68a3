import ArgumentParser
import FacteurApp
import Foundation

/// `facteur sync [--since DATE]`: one polling window (or a backfill), then a summary.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Poll Qonto once: queue every new or changed invoice for its Pennylane inbox.",
        discussion: """
            Lists supplier and client invoices updated since the last window (minus sync_overlap), downloads \
            their files and, at the end of each window, queues the forwardable ones and advances the marker in \
            one transaction. Documents that cannot be forwarded (non-financial, not a PDF/JPEG/PNG, empty) are \
            held with the reason. --since DATE re-reads history from DATE (at most 3 years back), in windows of \
            a month at most (or about 500 invoices); interrupting it is safe: the next run resumes, and nothing is queued twice. Run \
            `facteur deliver` afterwards (or `facteur run`) to send.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(help: "Start from this date (YYYY-MM-DD, UTC) instead of the marker: a backfill or a rewind.")
    var since: String?

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func validate() throws {
        if let since, Timestamp.parse(since) == nil { throw ValidationError("--since: expected YYYY-MM-DD, got \"\(since)\"") }
    }

    func run() async throws {
        let catalog = WorkspaceCatalog(gateway: try options.loadConfiguration())
        let workspace = try catalog.open(options.workspace)
        let quiet = json
        // On a terminal the progress line rewrites itself; in a pipe or a log, one line per window.
        let terminal = isatty(STDOUT_FILENO) == 1
        // The same pipeline, health record and incident policy as the daemon (status page, owner notice).
        let summary = try await workspace.pollOnce(in: catalog, since: since.flatMap(Timestamp.parse), progress: { line in
            guard !quiet else { return }
            FileHandle.standardOutput.write(Data((terminal ? "\r\u{1B}[K" + line : line + "\n").utf8))
        }, refreshFailed: { line in FileHandle.standardError.write(Data("facteur: \(line)\n".utf8)) })
        if terminal, !quiet { print() }
        if json { return try JSONOutput.print(summary) }
        let held = summary.held.values.reduce(0, +)
        print("sync: \(summary.listed) listed, \(summary.forwarded) queued, \(summary.updated) updated, "
              + "\(held) held, \(summary.unchanged) unchanged (\(summary.windows) windows, \(summary.requests) requests)")
        for (reason, count) in summary.held.sorted(by: { $0.key < $1.key }) { print("  held \(count): \(reason)") }
        if let clamp = summary.sinceClamped {
            print("  --since \(clamp.requested) was moved to \(clamp.used): history is read at most 3 years back")
        }
        if summary.forwarded + summary.updated == 0 { print("nothing new to forward") }
    }
}
