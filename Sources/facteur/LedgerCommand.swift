import ArgumentParser
import FacteurApp
import Foundation

/// `facteur ledger import FILE` and `facteur directory sync|list`: where matching and the
/// duplicate check get their counterparties and booked invoices.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Import the books (a FEC export) for counterparty matching and the duplicate check.",
        subcommands: [Import.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import a FEC file (tab- or pipe-separated, as Pennylane exports it); replaces the previous import.")

        @OptionGroup var options: GlobalOptions

        @Argument(help: "The FEC file.")
        var file: String

        @Flag(help: "Print JSON.")
        var json = false

        func run() throws {
            let summary = try options.openWorkspace().importLedger(path: file)
            if json { return try JSONOutput.print(summary) }
            print("Imported \(summary.entries) ledger lines: \(summary.thirdParties) suppliers and customers, \(summary.invoices) invoices kept for the duplicate check.")
        }
    }
}

/// `facteur directory`: the counterparty directory.
struct DirectoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "directory",
        abstract: "The known suppliers and customers used for matching (Pennylane mirror, FEC import, learned).",
        subcommands: [Sync.self, List.self])

    struct Sync: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sync",
            abstract: "Mirror Pennylane's suppliers, customers and supplier invoices now (read-only token: pennylane_token).")

        @OptionGroup var options: GlobalOptions

        @Flag(help: "Print JSON.")
        var json = false

        func run() throws {
            let summary = try options.openWorkspace().refreshDirectory()
            if json { return try JSONOutput.print(summary) }
            func line(_ count: Int?) -> String { count.map(String.init) ?? "unchanged" }
            print("Pennylane: suppliers \(line(summary.suppliers)), customers \(line(summary.customers)), supplier invoices \(line(summary.supplierInvoices)) (\(summary.requests) requests).")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the directory.")

        @OptionGroup var options: GlobalOptions

        @Option(help: "supplier or customer.")
        var kind: String = "supplier"

        @Flag(help: "Print JSON.")
        var json = false

        func run() throws {
            guard let kind = InvoiceKind(rawValue: kind) else { throw ValidationError("--kind: expected supplier or customer") }
            let entries = try options.openWorkspace().counterparties(kind: kind)
            if json { return try JSONOutput.print(entries) }
            for entry in entries {
                let ids = [entry.siren.map { "SIREN \($0)" }, entry.vatNumber.map { "VAT \($0)" }, entry.iban.map { "IBAN \($0)" }]
                    .compactMap { $0 }.joined(separator: ", ")
                print("\(entry.id)\t\(entry.name)\t\(ids)")
            }
        }
    }
}
