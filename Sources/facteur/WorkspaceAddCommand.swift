import ArgumentParser
import FacteurApp

/// `facteur workspace add ID --from FILE`.
struct WorkspaceAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a workspace from a file of its keys (today's configuration format).",
        discussion: """
            FILE is a JSON object of workspace keys: pennylane_supplier_inbox, pennylane_customer_inbox, \
            owner_email, qonto_login or qonto_client_id, backfill_since, matching settings… Gateway keys \
            (data_dir, smtp_* except smtp_from, web_*, retry_*, …) are refused. The keys are copied to \
            data_dir/workspaces/ID/workspace.json (0600); FILE is not used afterwards. Store secrets with \
            `facteur secret set NAME --workspace ID` rather than in the file.
            """)

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The workspace's name: 1 to 40 lower-case letters, digits and hyphens, e.g. martin-sarl.")
    var id: String

    @Option(help: "The workspace's keys (JSON, the configuration format).")
    var from: String

    func run() throws {
        let catalog = WorkspaceCatalog(gateway: try options.loadConfiguration())
        let opened = try catalog.add(id, from: from)
        print("added workspace \(opened.id) in \(catalog.directory(of: opened.id))")
        print("next: `facteur workspace show \(opened.id)` lists what it still needs (e.g. `facteur secret set qonto_secret_key --workspace \(opened.id)`)")
    }
}
