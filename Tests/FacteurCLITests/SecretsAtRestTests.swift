import FacteurTesting
import Foundation
import Testing

/// After a full OAuth connection, a sync and an authenticated delivery, no token, secret key or
/// password is in clear in the database files, the spool, or anything the commands printed.
@Suite(.serialized, .processHeavy) struct SecretsAtRestTests {
    static let clientSecret = "sandbox-client-secret"
    static let smtpPassword = "Sm7p-Pa55word-do-not-leak"
    static let apiSecret = "sandbox-secret-key"

    /// Runs `facteur ARGS` with `input` on standard input.
    func run(_ cli: CLIHarness, _ arguments: [String], input: String) async throws -> CLIHarness.Result {
        let (process, out, err) = try cli.start(arguments, stdin: input)
        let stdout = await out.fileHandleForReading.readToEndOffPool()
        let stderr = await err.fileHandleForReading.readToEndOffPool()
        await process.waitForExit()
        return .init(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                     stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Follows the authorize URL like a browser would and returns where Qonto redirects.
    func authorize(_ url: String) async throws -> String {
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        curl.arguments = ["curl", "-s", "-o", "/dev/null", "-w", "%{redirect_url}", url]
        let out = Pipe()
        curl.standardOutput = out
        try curl.run()
        let data = await out.fileHandleForReading.readToEndOffPool()
        await curl.waitForExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func noSecretIsStoredOrPrintedInClear() async throws {
        let cli = try await CLIHarness(tls: "starttls", serverArguments: ["--auth", "facteur:\(Self.smtpPassword)"])
        let sandbox = try await SandboxProcess(arguments: ["--invoices-per-year", "10", "--years", "1"], directory: cli.directory.path)
        defer { sandbox.stop() }
        cli.use(sandbox, .oauth)
        cli.settings["smtp_username"] = "facteur"
        cli.settings["backfill_since"] = "2000-01-01"
        var printed = ""

        // Secrets go into the encrypted store through standard input
        for (name, value) in [("qonto_client_secret", Self.clientSecret), ("smtp_password", Self.smtpPassword)] {
            let result = try await run(cli, ["secret", "set", name], input: value + "\n")
            #expect(result.status == 0, "\(result.stderr)")
            printed += result.stdout + result.stderr
        }
        // OAuth connection: the printed address is opened, the redirect pasted back
        let (connect, out, err) = try cli.start(["connect", "--paste"], stdin: nil, keepStdinOpen: true)
        var shown = await CLIHarness.read(out, of: connect) { $0.contains("Paste the address") }
        let url = try #require(shown.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.contains("/oauth2/auth?") })
        let redirect = try await authorize(url)
        #expect(redirect.contains("code=sim_code_"))
        cli.stdinPipe?.fileHandleForWriting.write(Data((redirect + "\n").utf8))
        try cli.stdinPipe?.fileHandleForWriting.close()
        shown += String(decoding: await out.fileHandleForReading.readToEndOffPool(), as: UTF8.self)
        shown += String(decoding: await err.fileHandleForReading.readToEndOffPool(), as: UTF8.self)
        await connect.waitForExit()
        #expect(connect.terminationStatus == 0, "\(shown)")
        printed += shown

        // A sync with the OAuth tokens, and a delivery with the stored SMTP password
        for arguments in [["sync"], ["deliver"], ["outbox", "--json"], ["audit", "--format", "json"], ["secret", "list", "--json"]] {
            let result = try await cli.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            printed += result.stdout + result.stderr
        }
        // (the tokens really are in the database, encrypted: the scan below is looking at the right files)
        #expect(printed.contains("\"name\" : \"qonto_oauth_tokens\""))
        #expect(cli.server?.events("accepted").isEmpty == false)
        #expect(cli.server?.events("auth").first?["ok"] as? Bool == true)

        // Then nothing secret is in clear anywhere
        let needles = [Self.clientSecret, Self.smtpPassword, "sim_at_", "sim_rt_", "sim_code_"]
        for needle in needles { #expect(!printed.contains(needle), "printed output contains \(needle)") }
        var files = ["facteur.sqlite", "facteur.sqlite-wal", "facteur.sqlite-shm"].map { "\(cli.dataDirectory)/\($0)" }
        files += ((try? FileManager.default.contentsOfDirectory(atPath: "\(cli.dataDirectory)/spool")) ?? []).map { "\(cli.dataDirectory)/spool/\($0)" }
        var scanned = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            scanned += 1
            for needle in needles { #expect(data.range(of: Data(needle.utf8)) == nil, "\(file) contains \(needle)") }
        }
        #expect(scanned >= 3)
        // And disconnecting revokes the grant at Qonto and forgets the tokens
        let disconnect = try await cli.run(["disconnect"])
        #expect(disconnect.stdout.hasPrefix("disconnected: Qonto revoked the tokens"), "\(disconnect.stdout)\(disconnect.stderr)")
        #expect(!(try await cli.run(["secret", "list"]).stdout.contains("qonto_oauth_tokens")))
        let after = try await cli.run(["sync"])
        #expect(after.status == 2 && after.stderr == "facteur: not connected to Qonto: run `facteur connect`\n")
        // The key file and the database are private
        let mode = try FileManager.default.attributesOfItem(atPath: "\(cli.dataDirectory)/master.key")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
