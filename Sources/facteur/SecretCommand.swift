import ArgumentParser
import FacteurApp
import Foundation

/// `facteur secret set|list|delete`: the encrypted secret store.
struct SecretCommand: ParsableCommand {
    /// Refuses an invalid name without repeating it: a value typed in its place must not be printed back.
    static func validate(name: String) throws {
        guard SecretShelf.isValidName(name) else {
            throw ValidationError("invalid secret name: use 1 to 64 characters among a-z, 0-9, _, . and -")
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "secret",
        abstract: "Store, list or delete secrets (tokens, API keys, the SMTP password), encrypted in the database.",
        discussion: """
            Values are encrypted with AES-256-GCM under the key in master_key_file (default \
            <data_dir>/master.key, created 0600 when the database is first opened). Back that file up, but never next \
            to the database: whoever has both has every secret. A stored smtp_password is used when the \
            configuration gives none. Names: 1 to 64 of a-z, 0-9, _, . and -. Secrets belong to the workspace \
            --workspace names (its Qonto key or tokens, its Pennylane token), except smtp_password, which is the \
            gateway's (one relay for every workspace): it is always stored in data_dir's database.
            """,
        subcommands: [SetSecret.self, ListSecrets.self, DeleteSecret.self])

    /// `facteur secret set NAME`.
    struct SetSecret: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Encrypt and store a value read from standard input (one line), replacing any earlier one.",
            discussion: """
                The value is the first line of standard input, without its line break; it is never echoed. \
                From a terminal, typing is hidden. Prefer a file or a pipe from a password manager to a \
                command line, which shells keep in their history:
                  facteur secret set smtp_password < smtp-password.txt
                """)

        @OptionGroup var options: GlobalOptions

        @Argument(help: "The secret's name, e.g. smtp_password.")
        var name: String

        func validate() throws { try SecretCommand.validate(name: name) }

        func run() throws {
            let shelf = try options.secretShelf(for: name)
            try shelf.prepareMasterKey()  // a key problem is reported before the value is typed
            let replacing = try shelf.contains(name)
            let value = StandardInput.readSecretLine(prompt: "value of \(name) (not echoed): ")
            guard let value, !value.isEmpty else {
                throw AppError(.refused, "secret \(name): the value is empty (standard input gave no line, or an empty one); nothing stored")
            }
            try shelf.set(name: name, value: value)
            print("\(replacing ? "replaced" : "stored") secret \(name) for \(shelf.place) (encrypted with \(shelf.keyFile))")
        }
    }

    /// `facteur secret list [--json]`.
    struct ListSecrets: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the stored secrets' names and when each was set (never their values).")

        @OptionGroup var options: GlobalOptions

        @Flag(help: "Print JSON: [{\"name\": …, \"updated_at\": …}].")
        var json = false

        func run() throws {
            let entries = try options.openWorkspace().storedSecrets()
            if json { return try JSONOutput.print(entries) }
            guard !entries.isEmpty else { return print("no secrets stored") }
            print(TextTable.render(header: ["NAME", "UPDATED"], rows: entries.map { [$0.name, $0.updatedAt] }))
        }
    }

    /// `facteur secret delete NAME`.
    struct DeleteSecret: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a stored secret.")

        @OptionGroup var options: GlobalOptions

        @Argument(help: "The secret's name.")
        var name: String

        func validate() throws { try SecretCommand.validate(name: name) }

        func run() throws {
            let shelf = try options.secretShelf(for: name)
            guard try shelf.delete(name: name) else {
                throw AppError(.notFound, "no secret named \(name) for \(shelf.place)")
            }
            print("deleted secret \(name) for \(shelf.place)")
        }
    }
}

/// Reading a secret from standard input without showing it.
enum StandardInput {
    /// The first line of standard input without its line break (`\n` or `\r\n`), or nil at end of
    /// input. When standard input is a terminal, `prompt` goes to standard error and echo is turned
    /// off while the line is typed.
    static func readSecretLine(prompt: String) -> String? {
        var saved = termios()
        guard isatty(STDIN_FILENO) == 1, tcgetattr(STDIN_FILENO, &saved) == 0 else {
            return readLine(strippingNewline: true)
        }
        FileHandle.standardError.write(Data(prompt.utf8))
        var hidden = saved
        hidden.c_lflag &= ~tcflag_t(ECHO)
        let echoOff = tcsetattr(STDIN_FILENO, TCSAFLUSH, &hidden) == 0
        defer {
            if echoOff { tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved) }
            FileHandle.standardError.write(Data("\n".utf8))  // the Return key was not echoed either
        }
        return readLine(strippingNewline: true)
    }
}
