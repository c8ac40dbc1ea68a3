import ArgumentParser
import FacteurApp
import FacteurCore
import Store

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
        static let configuration = CommandConfiguration(abstract: "Validate the configuration and print where mail goes.")

        @OptionGroup var options: GlobalOptions

        func run() throws {
            let configuration = try options.loadConfiguration()
            print("configuration OK\(configuration.file.map { " (\($0))" } ?? "")")
            print("data_dir: \(configuration.dataDirectory)")
            if configuration.transport != nil { print("transport: \(try configuration.makeTransport().displayName)") }
        }
    }
}
