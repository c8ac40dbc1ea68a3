import FacteurTesting
import Foundation
import Glibc
import Testing

/// No secret in any output: every command, and `facteur run` at every log level, with every secret
/// the configuration can hold, and the output searched for each of them.
@Suite(.serialized, .processHeavy) struct SecretLeakTests {
    static let smtpPassword = "smtp-Pa55-\(UUID().uuidString.prefix(8))"
    static let pennylaneToken = "pl-token-\(UUID().uuidString.prefix(8))"
    static let stagingToken = "staging-\(UUID().uuidString.prefix(8))"

    /// Every secret value the configuration holds (the sandbox's API key included).
    static var secrets: [String] { [smtpPassword, "sandbox-secret-key", pennylaneToken, stagingToken] }

    func configured(_ sandbox: SandboxProcess, directory: CLIHarness) {
        directory.use(sandbox, .apiKey)
        directory.settings["smtp_username"] = "facteur"
        directory.settings["smtp_password"] = Self.smtpPassword
        directory.settings["pennylane_token"] = Self.pennylaneToken
        directory.settings["pennylane_api_url"] = "http://127.0.0.1:9/api"
        directory.settings["qonto_staging_token"] = Self.stagingToken
        directory.settings["web_bind"] = "127.0.0.1:0"
        directory.settings["backfill_since"] = DaemonTests.date(daysAgo: 40)
    }

    func expectNoSecret(_ text: String, _ what: String) {
        for secret in Self.secrets {
            #expect(!text.contains(secret), "\(what) printed a secret")
        }
    }

    @Test func runAtEveryLogLevelPrintsNoSecret() async throws {
        let cli = try await CLIHarness(serverArguments: ["--auth", "facteur:\(Self.smtpPassword)"])
        let sandbox = try await SandboxProcess(arguments: ["--invoices-per-year", "12", "--years", "1"], directory: cli.directory.path)
        defer { sandbox.stop() }
        configured(sandbox, directory: cli)
        var sent = 0
        for (level, format) in [("trace", "text"), ("trace", "json"), ("debug", "text"), ("info", "text"), ("notice", "json"),
                                ("warning", "text"), ("error", "text"), ("critical", "text")] {
            // Each run gets something new to poll, compose and send (AUTH with the password)
            _ = try await cli.run(["forward", try cli.makePDF("\(level)-\(format).pdf"), "--kind", "supplier"])
            let daemon = try RunningDaemon(cli, arguments: ["--log-level", level, "--log-format", format])
            #expect(await RunningDaemon.wait(seconds: 30) {
                ((try? await cli.outboxRows().filter { $0["state"] as? String == "sent" }.count) ?? 0) > sent || !daemon.process.isRunning
            }, "nothing was sent at \(level): \(daemon.stderr)")
            sent += 1
            if level == "trace" || level == "debug" {
                #expect(daemon.stderr.contains("PollingService"), "the service group's debug lines are missing")
            }
            #expect(await daemon.terminate() == 0, "run --log-level \(level) did not stop cleanly: \(daemon.stderr.suffix(2000))")
            expectNoSecret(daemon.stderr, "run --log-level \(level) --log-format \(format)")
        }
    }

    @Test func everyOtherCommandPrintsNoSecret() async throws {
        let cli = try await CLIHarness(serverArguments: ["--auth", "facteur:\(Self.smtpPassword)"])
        let sandbox = try await SandboxProcess(arguments: ["--invoices-per-year", "12", "--years", "1"], directory: cli.directory.path)
        defer { sandbox.stop() }
        configured(sandbox, directory: cli)
        let pdf = try cli.makePDF("leak.pdf")
        let commands: [[String]] = [
            ["config", "check"], ["config", "keys"], ["sync"], ["sync", "--json"], ["forward", pdf, "--kind", "supplier"],
            ["deliver"], ["status"], ["status", "--json"], ["outbox"], ["outbox", "--json"], ["audit"],
            ["audit", "--format", "json"], ["audit", "--format", "csv"], ["audit", "--verify"], ["secret", "list"],
            ["directory", "sync"], ["directory", "list", "--json"], ["resend", "--all-failed"], ["disconnect"],
        ]
        for command in commands {
            let result = try await cli.run(command)
            expectNoSecret(result.stdout + result.stderr, "facteur \(command.joined(separator: " "))")
        }
        // Wrong values are not echoed either: a refused password, a refused key
        cli.settings["smtp_password"] = "wrong-\(Self.smtpPassword)"
        cli.settings["qonto_secret_key"] = "wrong-sandbox-secret-key"
        _ = try await cli.run(["forward", try cli.makePDF("leak2.pdf"), "--kind", "supplier"])
        for command in [["deliver"], ["sync"], ["status"], ["config", "check"]] {
            let result = try await cli.run(command)
            expectNoSecret(result.stdout + result.stderr, "facteur \(command.joined(separator: " ")) with wrong credentials")
        }
    }
}
