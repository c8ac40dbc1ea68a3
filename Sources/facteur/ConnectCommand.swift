import ArgumentParser
import FacteurApp
import Foundation

/// `facteur connect`: authorise Facteur at Qonto (OAuth), storing the tokens encrypted.
struct ConnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Connect Facteur to Qonto with OAuth (authorization code + PKCE); tokens are stored encrypted.",
        discussion: """
            Prints the address to open. When qonto_redirect_uri is a loopback http address (the default \
            http://127.0.0.1:8765/callback), Facteur receives the answer itself; otherwise, or with --paste, \
            paste the address the browser was sent to. Scopes: offline_access supplier_invoice.read \
            client_invoices.read attachment.read organization.read.
            """)

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Paste the redirected address instead of listening on the redirect URI.")
    var paste = false

    @Option(help: "Seconds to wait for the redirect.")
    var timeout: Int = 600

    func run() async throws {
        let (configuration, workspace) = try options.open()
        let scope = try await workspace.connectQonto(show: { line in
            // Unbuffered: the user (or a script) must see the address before we wait.
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }, pasted: { readLine(strippingNewline: true) }, listen: !paste, timeout: timeout)
        print("connected to Qonto\(scope.map { " (scopes: \($0))" } ?? ""); tokens stored encrypted in \(configuration.dataDirectory)")
    }
}

/// `facteur disconnect`: revoke and forget the OAuth tokens.
struct DisconnectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disconnect",
        abstract: "Revoke Facteur's Qonto OAuth tokens and delete them.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let revoked = try options.openWorkspace().disconnectQonto()
        print(revoked ? "disconnected: Qonto revoked the tokens and they are deleted"
                      : "disconnected: tokens deleted (Qonto did not confirm the revocation; you can also remove Facteur in Qonto's settings)")
    }
}
