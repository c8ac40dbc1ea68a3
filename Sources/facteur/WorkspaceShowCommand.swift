import ArgumentParser
import FacteurApp

/// `facteur workspace show ID [--json]`.
struct WorkspaceShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a workspace: its keys in effect (secrets redacted), stored secrets, what it lacks, its health.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The workspace (default: --workspace, or the only one).")
    var id: String?

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let details = try WorkspaceCatalog(gateway: try options.loadConfiguration()).details(of: id ?? options.workspace)
        if json { return try JSONOutput.print(details) }
        let summary = details.summary
        print("workspace \(summary.id) (\(summary.folder))")
        print("keys in effect:")
        for key in details.keys.keys.sorted() { print("  \(key): \(details.keys[key] ?? "")") }
        print("stored secrets: \(details.secrets.isEmpty ? "none" : details.secrets.joined(separator: ", "))")
        if details.problems.isEmpty {
            print("ready: `facteur run` serves it")
        } else {
            print("not ready:")
            for problem in details.problems { print("  \(problem)") }
        }
        print(StatusText.render(details.health), terminator: "")
    }
}
