public import ArgumentParser
import FacteurApp

/// `facteur outbox [--state S] [--json]`: the mailq of Facteur.
struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "List outbox messages: state, attempts, next attempt, recipient, Qonto ID, last reply.",
        discussion: """
            States: queued (waiting for its first attempt), sending (an attempt is in progress), sent (accepted; \
            the reply is the proof), deferred (temporary failure; retried at NEXT ATTEMPT), failed (refused or \
            gave up; fix the cause, then `facteur resend`), held (waiting for a person; `facteur resend` releases \
            it), unknown (the connection dropped after the data was sent: the server may have it; it is re-sent \
            with the same Message-ID and logged as a possible duplicate).
            """)

    @OptionGroup var options: GlobalOptions

    @Option(help: "Only this state: \(OutboxState.allCases.map(\.rawValue).joined(separator: ", ")).")
    var state: OutboxState?

    @Option(help: "At most this many messages (newest first).")
    var limit: Int?

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let workspace = try options.openWorkspace()
        let messages = try workspace.outboxMessages(state: state, limit: limit)
        if json { return try JSONOutput.print(messages) }
        if messages.isEmpty {
            print(state.map { "no \($0.rawValue) messages" } ?? "the outbox is empty")
        } else {
            print(OutboxReport.table(messages))
        }
        print(OutboxReport.counts(try workspace.outboxCounts()))
    }
}

extension OutboxState: ExpressibleByArgument {}
