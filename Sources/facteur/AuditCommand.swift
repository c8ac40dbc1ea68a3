import ArgumentParser
import FacteurApp
import Foundation

/// `facteur audit [--since DATE] [--until DATE] [--verify] [--format table|csv|json]`.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Print the mail log (every enqueue, attempt and resend), or verify its hash chain.",
        discussion: """
            The mail log is the delivery evidence kept with the invoices (10 years, Code de commerce L123-22). \
            Each workspace has its own log and chain: --workspace W exports one company's for its auditor; for \
            an added workspace every exported row (csv, json) names it (the default workspace's export is \
            unchanged). \
            --verify checks the append-only triggers, recomputes the chain over the bytes stored, checks each \
            row's seal under the master key and names the first row that was edited, deleted, reordered or \
            appended outside Facteur; keep the head it prints somewhere else, so that removing rows from the end \
            can be detected too. Integrity alerts (the triggers found dropped and restored) make it fail until \
            acknowledged with --acknowledge-alerts-through.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    @OptionGroup var options: GlobalOptions

    @Option(help: "From this date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, UTC), inclusive.")
    var since: String?

    @Option(help: "Until this date (UTC), exclusive.")
    var until: String?

    @Flag(help: "Verify the hash chain instead of listing; exit 1 if it is broken.")
    var verify = false

    @Option(help: "table, csv or json.")
    var format: Format = .table

    @Option(name: .customLong("expect-head"), help: "With --verify: a head printed earlier, as SEQ:SHA256; fails if that row is gone or changed.")
    var expectHead: String?

    @Option(name: .customLong("acknowledge-alerts-through"),
            help: "With --verify: integrity alerts up to this row were investigated; only later ones fail the check.")
    var acknowledgedThrough: Int64?

    func validate() throws {
        if let expectHead, parsedHead(expectHead) == nil {
            throw ValidationError("--expect-head: expected SEQ:SHA256 as printed by `facteur audit --verify`")
        }
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, Timestamp.parse(value) == nil {
                throw ValidationError("\(name): expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS] (UTC), got \"\(value)\"")
            }
        }
    }

    func run() throws {
        let workspace = try options.openWorkspace()
        // A single-company gateway prints as it always did; an added workspace is named.
        if format == .table, workspace.id != .default { print("workspace \(workspace.id): mail log of \(workspace.base.dataDirectory)") }
        if verify { return try runVerify(workspace) }
        let entries = try workspace.mailLogEntries(since: since.flatMap(Timestamp.parse), until: until.flatMap(Timestamp.parse))
        // An added workspace's export names it on every row: a file handed to one company's auditor
        // says whose it is. The default workspace's export stays byte for byte what it was.
        let named = workspace.id != .default
        switch format {
        case .json where named: try JSONOutput.print(entries.map { AuditReport.WorkspaceEntry(workspace: workspace.id, entry: $0) })
        case .json: try JSONOutput.print(entries)
        case .csv: FileHandle.standardOutput.write(Data((named ? AuditReport.csv(entries, workspace: workspace.id) : AuditReport.csv(entries)).utf8))
        case .table: print(entries.isEmpty ? "the mail log has no rows in that range" : AuditReport.table(entries))
        }
    }

    private func parsedHead(_ text: String) -> (Int64, String)? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let seq = Int64(parts[0]), parts[1].count == 64 else { return nil }
        return (seq, parts[1].lowercased())
    }

    private func runVerify(_ workspace: OpenedWorkspace) throws {
        let result = try workspace.verifyMailLog(expectingHead: expectHead.flatMap(parsedHead).map { (seq: $0.0, hash: $0.1) })
        if format == .json { try JSONOutput.print(result) }
        if let problem = result.firstBreak {
            if format != .json { print("mail log BROKEN at \(problem)") }
            throw ExitCode(1)
        }
        let open = result.alerts.filter { $0.seq > (acknowledgedThrough ?? 0) }
        if format != .json {
            if let seq = result.headSeq, let hash = result.headHash {
                print("mail log intact: \(result.rowCount) rows verified"
                      + (result.unsealedRows > 0 ? " (the first \(result.unsealedRows) written before rows were sealed)" : ""))
                print("head: row \(seq) sha256 \(hash)")
                print("keep \(seq):\(hash) outside this machine; `facteur audit --verify --expect-head \(seq):\(hash)` later shows that no row was removed or rewritten")
            } else {
                print("mail log intact: empty")
            }
            if !result.sealsChecked { print("warning: seals not checked (no master key)") }
            for alert in result.alerts {
                print("\(alert.seq > (acknowledgedThrough ?? 0) ? "ALERT" : "acknowledged alert") at row \(alert.seq) (\(alert.at.prefix(19))): \(alert.detail)")
            }
            if !open.isEmpty {
                print("the chain verifies, but the log was unprotected for a while: compare it with a backup or an exported head, "
                      + "then run again with --acknowledge-alerts-through \(open.last!.seq)")
            }
        }
        if !open.isEmpty { throw ExitCode(1) }
    }
}
