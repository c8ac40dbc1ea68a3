// facteur: the executable. Argument parsing and printing only; the work is in FacteurApp.
import ArgumentParser
import FacteurApp

/// The `facteur` command.
@main
struct Facteur: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facteur",
        abstract: "Forwards Qonto invoices to Pennylane's email-in addresses, with a durable outbox and an audit log.",
        version: FacteurVersion.text,
        subcommands: [ForwardCommand.self, DeliverCommand.self, OutboxCommand.self, ResendCommand.self,
                      AuditCommand.self, ConfigCommand.self, SyncCommand.self, RunCommand.self, ConnectCommand.self, DisconnectCommand.self,
                      SecretCommand.self, SandboxCommand.self, StatusCommand.self, WebPasswordCommand.self,
                      LedgerCommand.self, DirectoryCommand.self, WorkspaceCommand.self, StoreCommand.self, BenchMatchingCommand.self, BenchComposeCommand.self])

    static func main() async {
        FacteurRuntime.initialize()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: CommandFailure.map(error))
        }
    }
}
