import ArgumentParser
import FacteurApp
import Foundation

/// `facteur store copy`: where the workspaces' data is kept.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Move the workspaces' data from SQLite to a PostgreSQL store.",
        subcommands: [StoreCopyCommand.self])
}

/// `facteur store copy --to URL [--password-file FILE] [--workspace ID]`.
struct StoreCopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy every workspace's SQLite database (or --workspace's) into a PostgreSQL store, and verify it there.",
        discussion: """
            Each workspace is copied whole in one transaction while its data directory's lock is held (stop \
            `facteur run` first): messages with their ids, the mail log with its hashes and seals, settings, \
            secrets (still encrypted: every gateway on PostgreSQL must read the same master_key_file), incidents, \
            the directory, the books, dismissals. It is then verified on PostgreSQL: the mail log's chain with \
            the same head as on SQLite, and every table's row count. A workspace PostgreSQL already holds is \
            refused. The SQLite files are only read; the gateway's own rows (web password, a stored smtp_password) \
            stay in data_dir's, which the gateway keeps using. Exit 0 only when every workspace was copied and \
            verified; then set store_url (and store_password_file) in the gateway configuration.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(help: "The PostgreSQL store, as store_url: postgres://user@host:5432/database[?sslmode=…] (never a password in it).")
    var to: String

    @Option(name: .customLong("password-file"), help: "The file holding the PostgreSQL password (as store_password_file).")
    var passwordFile: String?

    func run() throws {
        let target: PostgresStoreURL
        do {
            target = try PostgresStoreURL(parsing: to, passwordFile: passwordFile)
        } catch var error {
            // The same rules as store_url, but the person typed --to (or --password-file).
            error.key = error.key == "store_password_file" ? "--password-file" : "--to"
            throw error
        }
        let copies = try CopyStore(catalog: try options.catalog(), target: target).run(workspace: options.workspace)
        for copy in copies {
            if let failure = copy.failure {
                print("workspace \(copy.workspace): NOT copied: \(failure)")
            } else {
                let head = copy.headSeq.map { "chain verified to head seq \($0)" } ?? "chain verified (empty log)"
                print("workspace \(copy.workspace): copied \(copy.messages) messages, \(copy.logRows) log rows; \(head)")
            }
        }
        guard copies.allSatisfy(\.succeeded) else {
            throw CommandFailureText("not every workspace was copied and verified; the SQLite files are unchanged and still serve")
        }
        print("To serve from PostgreSQL, set in the gateway configuration (with facteur stopped):")
        print("  \"store_url\": \"\(to)\"")
        if let passwordFile { print("  \"store_password_file\": \"\(passwordFile)\"") }
        print("and keep master_key_file and data_dir as they are (the secrets, seals and the gateway's own data need them).")
    }
}
