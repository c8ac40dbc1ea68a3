import FacteurTesting
import Foundation
import Testing

@Suite(.serialized, .poolWatchdog, .processHeavy) struct CommandLineTests {
    @Test func missingSettingIsAOneLineErrorNamingTheKey() async throws {
        let cli = try await CLIHarness(tls: nil)
        cli.settings.removeValue(forKey: "smtp_url")
        let result = try await cli.run(["deliver"])
        #expect(result.status == 78)
        #expect(result.stderr == "facteur: configuration error: smtp_url: not set (e.g. smtps://relay.example.com:465, or file:///var/lib/facteur/mail)\n")
    }

    @Test func invalidSettingsAreRefusedBeforeAnythingRuns() async throws {
        let cli = try await CLIHarness(tls: nil)
        let cases: [(String, Any, String)] = [
            ("smtp_tls_min", "1.1", "smtp_tls_min: expected 1.2 or 1.3"),
            ("smtp_url", "smtp+plain://relay.example.com", "smtp_url: smtp+plain:// sends invoices"),
            ("smtp_url", "http://x", "smtp_url: unsupported scheme"),
            ("smtp_from", "a@b.c\r\nRCPT TO:<x@y.z>", "smtp_from: contains a control character"),
            ("smtp_from", "Name <a@b.c>>", "smtp_from: not a valid sender"),
            ("pennylane_supplier_inbox", "x@y.z>\r\nDATA", "pennylane_supplier_inbox: contains a control character"),
            ("pennylane_supplier_inbox", "x@y.z> DATA", "pennylane_supplier_inbox: not a valid email address"),
            ("smtp_timeout", "soon", "smtp_timeout: expected a whole number"),
            ("smtp_url", true, "smtp_url: expected a string or a number"),
            ("smpt_url", "smtp://x", "smpt_url: unknown setting"),
        ]
        for (key, value, expected) in cases {
            let saved = cli.settings
            cli.settings[key] = value
            let result = try await cli.run(["outbox"])
            #expect(result.status == 78, "\(key)")
            #expect(result.stderr.hasPrefix("facteur: configuration error: \(expected)"), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
            cli.settings = saved
        }
        // And nothing was created
        #expect(!FileManager.default.fileExists(atPath: cli.dataDirectory))
    }

    @Test func environmentOverridesTheFile() async throws {
        let cli = try await CLIHarness(tls: nil)
        cli.settings["qonto_login"] = "mon-entreprise"
        cli.settings["qonto_secret_key"] = "not-a-real-key"
        let result = try await cli.run(["config", "check"], environment: ["FACTEUR_SMTP_URL": "smtps://relay.example.com"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("transport: smtps://relay.example.com:465 (implicit TLS, TLS ≥ 1.3)"))
    }

    @Test func configCheckRefusesEveryConfigurationRunRefusesWithTheSameLines() async throws {
        let cli = try await CLIHarness(tls: nil)
        cli.settings["smtp_url"] = "file://\(cli.directory.path)/mail"
        cli.settings["qonto_login"] = "mon-entreprise"
        cli.settings["qonto_secret_key"] = "not-a-real-key"
        cli.settings["qonto_api_url"] = "http://127.0.0.1:9"
        cli.settings["web_bind"] = "127.0.0.1:0"
        let cases: [(String, Any?, String)] = [
            ("pennylane_supplier_inbox", nil, "pennylane_supplier_inbox: not set"),
            ("smtp_url", nil, "smtp_url: not set"),
            ("qonto_secret_key", nil, "qonto_secret_key: not set: run `facteur secret set qonto_secret_key`"),
            ("templates_dir", "\(cli.directory.path)/no-templates", "templates_dir: cannot read"),
            ("web_bind", "0.0.0.0:0", "web_bind: 0.0.0.0 is not a loopback address: set a password first with `facteur web-password`"),
        ]
        for (key, value, expected) in cases {
            let saved = cli.settings
            cli.settings[key] = value
            let check = try await cli.run(["config", "check"])
            #expect(check.status == 78, "\(key): \(check.stdout)")
            #expect(check.stderr.contains("facteur: configuration error: \(expected)"), "\(check.stderr)")
            let run = try await cli.run(["run"])
            #expect(run.status == 78, "\(key): \(run.stderr)")
            #expect(run.stderr.contains("facteur: configuration error: \(expected)"), "\(run.stderr)")
            cli.settings = saved
        }
        // Several problems are all named at once
        cli.settings["smtp_url"] = nil
        cli.settings["pennylane_customer_inbox"] = nil
        let both = try await cli.run(["config", "check"])
        #expect(both.stderr.contains("smtp_url: not set") && both.stderr.contains("pennylane_customer_inbox: not set"))
    }

    @Test func aConfigurationFileThatIsNotJSONNamesLineAndColumn() async throws {
        let cli = try await CLIHarness(tls: nil)
        try cli.writeConfig()
        try Data("{\n  \"data_dir\": \"x\",\n  \"smtp_url\" \"smtps://relay.example.com\"\n}\n".utf8)
            .write(to: URL(fileURLWithPath: cli.configPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Repository.facteurBinary)
        process.arguments = ["config", "check", "--config", cli.configPath]
        let err = Pipe()
        process.standardError = err
        try process.run()
        let stderr = String(decoding: await err.fileHandleForReading.readToEndOffPool(), as: UTF8.self)
        await process.waitForExit()
        #expect(process.terminationStatus == 78)
        #expect(stderr.contains("not valid JSON") && stderr.contains("at line 3, column 14"), "\(stderr)")
    }

    @Test func configFileHoldingAPasswordMustBePrivate() async throws {
        let cli = try await CLIHarness(tls: nil)
        cli.settings["smtp_username"] = "u"
        cli.settings["smtp_password"] = "hunter2"
        try cli.writeConfig()
        chmod(cli.configPath, 0o644)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Repository.facteurBinary)
        process.arguments = ["outbox", "--config", cli.configPath]
        let err = Pipe()
        process.standardError = err
        try process.run()
        let stderr = String(decoding: await err.fileHandleForReading.readToEndOffPool(), as: UTF8.self)
        await process.waitForExit()
        #expect(process.terminationStatus == 78)
        #expect(stderr.contains("smtp_password") && stderr.contains("chmod 600") && !stderr.contains("hunter2"))
    }

    @Test func forwardRefusesFilesPennylaneCannotReadAndQueuesNothing() async throws {
        let cli = try await CLIHarness(tls: nil)
        let text = try cli.directory.write("notes.txt", Array("hello".utf8))
        let empty = try cli.directory.write("empty.pdf", [])
        let disguised = try cli.directory.write("invoice.pdf", Array("PK\u{3}\u{4} a zip file".utf8))
        for path in [text, empty, disguised] {
            let result = try await cli.run(["forward", path, "--kind", "supplier"])
            #expect(result.status == 65, "\(path)")
            #expect(result.stderr.hasPrefix("facteur: refused \(path): "))
        }
        #expect(try await cli.run(["outbox"]).stdout.contains("the outbox is empty"))
        let badRef = try await cli.run(["forward", try cli.makePDF("a.pdf"), "--kind", "supplier", "--ref", "../../x"])
        #expect(badRef.status == 65)
    }

    @Test func forwardDeliverOutboxAndAuditEndToEnd() async throws {
        let cli = try await CLIHarness()
        let pdf = try cli.makePDF("Facture d'été.pdf")
        let queued = try await cli.run(["forward", pdf, "--kind", "customer", "--ref", "7f0c3c8e-1b2a-4c5d-9e8f-001122334455"])
        #expect(queued.status == 0)
        #expect(queued.stdout.hasPrefix("queued #1 for customer@pennylane.test"))
        #expect(try await cli.run(["forward", pdf, "--kind", "customer", "--ref", "7f0c3c8e-1b2a-4c5d-9e8f-001122334455"]).stdout
                == "already in the outbox as #1 (queued): nothing queued\n")
        let delivered = try await cli.run(["deliver"])
        #expect(delivered.status == 0)
        #expect(delivered.stdout.contains("1 attempted, 1 sent"))
        let listing = try await cli.run(["outbox", "--json"])
        let rows = try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.first?["state"] as? String == "sent")
        #expect(rows?.first?["record_id"] as? String == "7f0c3c8e-1b2a-4c5d-9e8f-001122334455")
        let csv = try await cli.run(["audit", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("seq,at,event,outbox_id,record_id"))
        #expect(csv.stdout.contains(",attempt,1,7f0c3c8e-1b2a-4c5d-9e8f-001122334455,client_invoice,"))
        let verify = try await cli.run(["audit", "--verify"])
        #expect(verify.status == 0 && verify.stdout.hasPrefix("mail log intact: 2 rows verified"))
    }

    @Test func failedMessageIsResentAfterTheCauseIsFixed() async throws {
        let cli = try await CLIHarness()
        cli.settings["pennylane_supplier_inbox"] = "rcpt550@pennylane.test"
        _ = try await cli.run(["forward", try cli.makePDF("a.pdf"), "--kind", "supplier"])
        let first = try await cli.run(["deliver"])
        #expect(first.status == 1)
        #expect(try await cli.run(["outbox", "--state", "failed"]).stdout.contains("rejected: 550 5.1.1 No such user for testing"))
        // The operator fixes the server side; here the same message is re-queued and re-sent
        let resent = try await cli.run(["resend", "--all-failed"])
        #expect(resent.status == 0 && resent.stdout.hasPrefix("re-queued #1"))
        let log = try await cli.run(["audit", "--format", "json"])
        let entries = try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(entries.map { $0["event"] as? String } == ["enqueued", "attempt", "resend"])
        #expect(try await cli.run(["resend", "1"]).status == 1)  // now queued: not resendable
    }
}
