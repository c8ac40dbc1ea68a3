import ArgumentParser
import FacteurApp
import Foundation

/// `facteur config keys|check`.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show the configuration keys, or check a configuration.",
        subcommands: [Keys.self, Check.self])

    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every key, its environment variable and default (Markdown).")

        func run() {
            print("| key | environment | default | meaning |")
            print("|---|---|---|---|")
            for key in ConfigurationKey.all {
                print("| `\(key.name)` | `\(key.environmentName)` | \(key.defaultValue.map { "`\($0)`" } ?? "—") | \(key.summary) |")
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the configuration and print where mail goes.",
            discussion: """
                Runs the checks `facteur run` runs before it starts (relay, sender, both Pennylane inboxes, Qonto \
                credentials configured or stored, templates, a web password off loopback) and prints every problem \
                with its key; exit 78 when there is one. OK here means `facteur run` starts. With several \
                workspaces, it checks the one --workspace names.
                """)

        @OptionGroup var options: GlobalOptions

        func run() throws {
            // The chosen workspace's keys, stored secrets and settings; never creates a data directory.
            let (configuration, readiness) = try options.catalog().readiness(of: options.workspace)
            guard readiness.problems.isEmpty else { throw ConfigurationProblems(problems: readiness.problems) }
            if configuration.workspace != .default { print("workspace \(configuration.workspace)") }
            print("configuration OK\(configuration.file.map { " (\($0))" } ?? "")")
            print("data_dir: \(configuration.dataDirectory)")
            // The store's description never shows a password or the URL's user.
            print("store: \(configuration.storeLocation)")
            if configuration.transport != nil { print("transport: \(try configuration.makeTransport().displayName)") }
        }
    }
}
