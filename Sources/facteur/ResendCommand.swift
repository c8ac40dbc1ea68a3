import ArgumentParser
import FacteurApp
import Foundation

/// `facteur resend ID | --qonto-id ID | --all-failed`.
struct ResendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resend",
        abstract: "Move failed or held messages back to queued, with a fresh attempt budget (logged).",
        discussion: """
            Fix the cause first (see the reason in `facteur outbox --state failed`). A message whose Pennylane \
            inbox was corrected since it was composed is re-addressed to the corrected one (like the status \
            page's Retry). A held record with no message (an invoice that could not become a mail) is fetched \
            from Qonto again at the next sync. The next `facteur deliver` sends them, or a running \
            `facteur run` within a minute.
            """)

    @OptionGroup var options: GlobalOptions

    @Argument(help: "Outbox IDs.")
    var ids: [Int64] = []

    @Option(name: .customLong("qonto-id"), help: "Every failed or held message of this Qonto record, or the held record itself.")
    var qontoID: String?

    @Flag(name: .customLong("all-failed"), help: "Every failed message.")
    var allFailed = false

    @Flag(help: "Print the re-queued messages as JSON.")
    var json = false

    func validate() throws {
        let chosen = (ids.isEmpty ? 0 : 1) + (qontoID == nil ? 0 : 1) + (allFailed ? 1 : 0)
        guard chosen == 1 else { throw ValidationError("give outbox IDs, or --qonto-id ID, or --all-failed (one of them)") }
    }

    func run() throws {
        let catalog = try options.catalog()
        let user = ProcessInfo.processInfo.environment["USER"] ?? "operator"
        let resend = ResendMessages(workspace: try catalog.open(options.workspace), in: catalog,
                                    requestedBy: "facteur resend by \(user)")
        let selection: ResendMessages.Selection = qontoID.map { .record($0) } ?? (allFailed ? .allFailed : .ids(ids))
        let service = resend.serviceRunning
        switch try resend.run(selection, now: Date()) {
        case .released(let recordID, let types):
            if json { return try JSONOutput.print([OutboxMessage]()) }
            for type in types { print("released held \(type) \(recordID): it is fetched from Qonto again and examined as new") }
            print(service ? "a running `facteur run` examines it at its next window (or press Retry on the status page to do it now)"
                          : "run `facteur sync` to examine it now")
        case .requeued(let done):
            if json { return try JSONOutput.print(done) }
            if done.isEmpty { print("no failed messages"); return }
            for message in done { print("re-queued #\(message.id) for \(message.recipient) (\(message.recordID))") }
            let them = done.count == 1 ? "it" : "them"
            print(service ? "a running `facteur run` sends \(them) within a minute" : "run `facteur deliver` to send \(them) now")
        }
    }
}
