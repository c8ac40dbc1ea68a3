import ArgumentParser
import FacteurApp
import FacteurCore
import Foundation
import Store

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
        let opened = try catalog.open(options.workspace)
        let (configuration, database) = (try opened.effective(), opened.database)
        let outbox = OutboxRepository(database: database)
        let user = ProcessInfo.processInfo.environment["USER"] ?? "operator"
        let retry = RetryProblem(configuration: configuration, database: database, requestedBy: "facteur resend by \(user)")
        // `facteur run` holds the workspace's lock, or data_dir's when it serves every workspace.
        let service = ServiceLock.isHeldByService(dataDirectory: configuration.dataDirectory)
            || ServiceLock.isHeldByService(dataDirectory: catalog.gateway.dataDirectory)
        var targets = ids
        if let qontoID {
            let messages = try outbox.messages(recordID: qontoID)
            targets = messages.filter { $0.state.isResendable }.map(\.id)
            if targets.isEmpty {
                let released = try retry.releaseRecord(id: qontoID, now: Date())
                if !released.isEmpty {
                    if json { return try JSONOutput.print([OutboxMessage]()) }
                    for type in released { print("released held \(type) \(qontoID): it is fetched from Qonto again and examined as new") }
                    print(service ? "a running `facteur run` examines it at its next window (or press Retry on the status page to do it now)"
                                  : "run `facteur sync` to examine it now")
                    return
                }
                guard !messages.isEmpty else {
                    throw AppError(.notFound, "no outbox message and no held record for Qonto ID \(qontoID)")
                }
                let states = messages.map { "#\($0.id) \($0.state.rawValue)" }.joined(separator: ", ")
                throw AppError(.refused, "nothing to resend for Qonto ID \(qontoID): \(states) (only failed or held messages can be resent)")
            }
        } else if allFailed {
            // What a person dismissed stays set aside; `resend ID` sends one of them on purpose.
            let dismissals = Dismissals(database: database)
            targets = try outbox.list(state: .failed).filter {
                try !dismissals.isDismissed(recordType: $0.recordType, recordID: $0.recordID, contentHash: $0.contentHash)
            }.map(\.id)
        }
        let done = targets.isEmpty ? [] : try retry.requeue(ids: targets, now: Date())
        if json { return try JSONOutput.print(done) }
        if done.isEmpty { print("no failed messages"); return }
        for message in done { print("re-queued #\(message.id) for \(message.recipient) (\(message.recordID))") }
        let them = done.count == 1 ? "it" : "them"
        print(service ? "a running `facteur run` sends \(them) within a minute" : "run `facteur deliver` to send \(them) now")
    }
}
