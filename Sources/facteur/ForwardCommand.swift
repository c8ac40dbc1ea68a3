public import ArgumentParser
import FacteurApp
import Foundation

/// `facteur forward FILE --kind supplier|customer [--ref ID]`.
struct ForwardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forward",
        abstract: "Queue a local invoice file (PDF, JPEG or PNG) for the Pennylane inbox of its kind.",
        discussion: "The file is composed into a mail now and sent by the next `facteur deliver`. Forwarding the same file (or the same --ref with the same content) again changes nothing.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The invoice file.")
    var file: String

    @Option(help: "supplier or customer: which Pennylane inbox receives it.")
    var kind: InvoiceKind

    @Option(help: "The Qonto record ID (or your own reference) to carry in the headers: 1–64 letters, digits, '-' or '_'.")
    var ref: String?

    @Flag(help: "Print the outbox message as JSON.")
    var json = false

    func run() throws {
        let outcome = try options.openWorkspace().forward(path: file, kind: kind, reference: ref, now: Date())
        if json { return try JSONOutput.print(outcome) }
        let message = outcome.message
        switch outcome.result {
        case "duplicate":
            print("already in the outbox as #\(message.id) (\(message.state.rawValue)): nothing queued")
        case "updated":
            print("queued #\(message.id) for \(message.recipient) as an update of #\(message.supersedesID ?? 0) (content changed)")
        default:
            print("queued #\(message.id) for \(message.recipient): \(message.attachmentName) (Message-ID <\(message.messageID)>)")
        }
    }
}

extension InvoiceKind: ExpressibleByArgument {}
