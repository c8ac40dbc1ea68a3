import ArgumentParser
import FacteurApp
import Foundation

/// `facteur web-password`: sets the password the status pages ask for when web_bind is not loopback.
struct WebPasswordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "web-password",
        abstract: "Set the status pages' password (required when web_bind is not a loopback address).",
        discussion: """
            Reads the password from the terminal without echo (twice), or one line from standard input \
            when it is not a terminal. Only a PBKDF2-SHA256 hash is stored, in the database. At least \
            12 characters. A running `facteur run` uses the new password at the next login. The password is \
            the gateway's (one for all the pages of every workspace): it is stored in data_dir's database \
            whatever --workspace says.
            """)

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Remove the password (the pages then only start on a loopback address).")
    var clear = false

    func run() throws {
        // Gateway-level: data_dir's database, never a workspace's (and no workspace needs naming).
        let webPassword = try WebPassword(catalog: try options.catalog())
        if clear {
            try webPassword.clear(now: Date())
            print("web password removed")
            return
        }
        let password: String
        if isatty(STDIN_FILENO) == 1 {
            guard let first = getpass("New web password: ").map({ String(cString: $0) }),
                  let second = getpass("Again: ").map({ String(cString: $0) }) else { throw ExitCode(1) }
            guard first == second else { throw CommandFailureText("the two passwords differ; nothing changed") }
            password = first
        } else {
            guard let line = readLine(strippingNewline: true) else { throw CommandFailureText("no password on standard input; nothing changed") }
            password = line
        }
        let hash: String
        do {
            hash = try WebPassword.hash(password)
        } catch {
            throw CommandFailureText("\(error); nothing changed")
        }
        try webPassword.store(hash: hash, now: Date())
        print("web password set (stored as a PBKDF2-SHA256 hash)")
    }
}

/// A refusal printed as one line, exit status 65.
struct CommandFailureText: Error, CustomStringConvertible {
    let description: String
    init(_ text: String) { description = text }
}
