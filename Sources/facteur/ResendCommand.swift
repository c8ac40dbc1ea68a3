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
        discussion: "Fix the cause first (see the reason in `facteur outbox --state failed`); the next `facteur deliver` sends them.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "Outbox IDs.")
    var ids: [Int64] = []

    @Option(name: .customLong("qonto-id"), help: "Every failed or held message of this Qonto record.")
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
        let (_, database) = try options.open()
        let outbox = OutboxRepository(database: database)
        var targets = ids
        if let qontoID {
            let messages = try outbox.messages(recordID: qontoID)
            guard !messages.isEmpty else { throw AppError(.notFound, "no outbox message for Qonto ID \(qontoID)") }
            targets = messages.filter { $0.state.isResendable }.map(\.id)
            guard !targets.isEmpty else {
                let states = messages.map { "#\($0.id) \($0.state.rawValue)" }.joined(separator: ", ")
                throw AppError(.refused, "nothing to resend for Qonto ID \(qontoID): \(states) (only failed or held messages can be resent)")
            }
        } else if allFailed {
            targets = try outbox.list(state: .failed).map(\.id)
        }
        let user = ProcessInfo.processInfo.environment["USER"] ?? "operator"
        let done = targets.isEmpty ? [] : try outbox.resend(ids: targets, reason: "facteur resend by \(user)", now: Date())
        if json { return try JSONOutput.print(done) }
        if done.isEmpty { print("no failed messages"); return }
        for message in done { print("re-queued #\(message.id) for \(message.recipient) (\(message.recordID))") }
        print("run `facteur deliver` to send \(done.count == 1 ? "it" : "them") now")
    }
}
