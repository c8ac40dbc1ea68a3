import ArgumentParser
import Foundation
import QontoSandbox

/// `facteur sandbox [--port N] [--dataset DIR] [--seed N] [--invoices-per-year N] [--years N] …`:
/// runs a Qonto-shaped API on loopback until SIGTERM or SIGINT.
///
/// The first line on stdout is exactly `Qonto sandbox listening on http://127.0.0.1:<port>` (the
/// demo and the CLI tests read the port from it); the credentials follow on the next lines.
/// Nothing else is printed while it runs.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run a Qonto-shaped API (invented data) on 127.0.0.1 for demos and tests.",
        discussion: """
            Serves the Business API (/v2/...), an OAuth server (/oauth2/...), presigned attachment \
            downloads (/files/...) and fault switches (POST /_sandbox/faults). The data are made up: \
            generated from --seed, or read from a --dataset directory (see --export-dataset). \
            The credentials printed at start are public test values; never expose this port.
            """)

    @Option(help: "TCP port on 127.0.0.1; 0 picks a free one (printed on the first line).")
    var port: Int = 0

    @Option(help: "Serve this dataset directory instead of generated data.")
    var dataset: String?

    @Option(help: "Seed of the generated data (same seed, same invoices and files).")
    var seed: UInt64 = 42

    @Option(help: "Generated supplier invoices per year.")
    var invoicesPerYear: Int = 100

    @Option(help: "Years of generated history, up to now.")
    var years: Int = 3

    @Option(name: .customLong("access-token-ttl"), help: "Access-token lifetime in seconds (Qonto: 3600).")
    var accessTokenTTL: Int = 3600

    @Option(name: .customLong("attachment-url-ttl"), help: "Attachment URL lifetime in seconds (Qonto: 1800).")
    var attachmentURLTTL: Int = 1800

    @Option(help: "Require this X-Qonto-Staging-Token on every request, as Qonto's staging gate does.")
    var stagingToken: String?

    @Option(help: "Also accept N more API-key logins, facteur-demo-001 … (same secret), e.g. one per workspace of a bench.")
    var extraLogins: Int = 0

    @Option(help: "Write the dataset (JSON + files) to this directory and exit, without serving.")
    var exportDataset: String?

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard invoicesPerYear >= 0, years >= 1 else { throw ValidationError("--invoices-per-year must be ≥ 0 and --years ≥ 1") }
        guard accessTokenTTL >= 1, attachmentURLTTL >= 1 else { throw ValidationError("lifetimes must be at least 1 second") }
        guard (0...999).contains(extraLogins) else { throw ValidationError("--extra-logins must be between 0 and 999") }
    }

    func run() async throws {
        var configuration = SandboxConfiguration()
        configuration.port = port
        configuration.dataset = dataset.map(SandboxDataset.directory)
            ?? .generated(seed: seed, invoicesPerYear: invoicesPerYear, years: years)
        configuration.accessTokenTTL = accessTokenTTL
        configuration.attachmentURLTTL = attachmentURLTTL
        configuration.stagingToken = stagingToken
        for number in stride(from: 1, through: extraLogins, by: 1) {
            configuration.apiKeys[String(format: "facteur-demo-%03d", number)] = "sandbox-secret-key"
        }

        if let exportDataset {
            try QontoSandbox.exportDataset(configuration, to: exportDataset)
            say("Qonto sandbox dataset written to \(exportDataset)")
            return
        }
        let sandbox = try await QontoSandbox.start(configuration)
        var lines = ["Qonto sandbox listening on \(sandbox.baseURL)"]
        lines += configuration.apiKeys.sorted { $0.key < $1.key }.map { "API key: Authorization: \($0.key):\($0.value)" }
        lines += configuration.oauthClients.sorted { $0.key < $1.key }.map { "OAuth client: \($0.key) secret \($0.value)" }
        if let stagingToken { lines.append("Staging token: X-Qonto-Staging-Token: \(stagingToken)") }
        say(lines.joined(separator: "\n"))
        await sandbox.runUntilTerminated()
    }

    /// Writes to stdout unbuffered: a parent process reads the port while we keep running.
    private func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
