import ArgumentParser
import FacteurApp

/// `facteur workspace list [--json]`.
struct WorkspaceListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the workspaces: folder, inboxes, owner, Qonto mode, last sync, what waits.",
        discussion: "WAITING is outgoing/failed/held messages/held records. A workspace that cannot be read is listed with the reason.")

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let summaries = try WorkspaceCatalog(gateway: try options.loadConfiguration()).summaries()
        if json { return try JSONOutput.print(summaries) }
        let rows = summaries.map { summary -> [String] in
            if let problem = summary.problem { return [summary.id.rawValue, summary.folder, "-", "-", "-", "-", "-", "-", "unreadable: \(TextTable.oneLine(problem, limit: 160))"] }
            let waiting = summary.waiting
            return [summary.id.rawValue, summary.folder, summary.supplierInbox ?? "-", summary.customerInbox ?? "-",
                    summary.owner ?? "-", summary.qontoMode, summary.lastSync.map { String($0.prefix(19)) } ?? "never",
                    "\(waiting.outgoing)/\(waiting.failed)/\(waiting.heldMessages)/\(waiting.heldRecords)",
                    summary.openIncidents > 0 ? "\(summary.openIncidents) open incident(s)" : "ok"]
        }
        print(TextTable.render(header: ["WORKSPACE", "FOLDER", "SUPPLIER INBOX", "CUSTOMER INBOX", "OWNER", "QONTO",
                                        "LAST SYNC (UTC)", "WAITING", "HEALTH"], rows: rows))
    }
}
