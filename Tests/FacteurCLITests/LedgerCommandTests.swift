import FacteurTesting
import Foundation
import Testing

/// `facteur ledger import`, `facteur directory list` and `facteur bench-matching` as an operator runs them.
@Suite(.processHeavy) struct LedgerCommandTests {
    @Test func aFECExportIsImportedAndItsThirdPartiesListed() async throws {
        let cli = try await CLIHarness(tls: nil)
        cli.settings["smtp_url"] = "file://\(cli.directory.path)/mail"
        let imported = try await cli.run(["ledger", "import", "\(Repository.root)/Tests/FacteurCoreTests/Fixtures/sample-fec.txt", "--json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(imported.stdout.utf8)) as? [String: Any]
        #expect((summary?["thirdParties"] as? Int ?? 0) > 0 && (summary?["invoices"] as? Int ?? 0) > 0)
        let listed = try await cli.run(["directory", "list"])
        #expect(listed.stdout.contains("fec:FPAPLUM\tPapeterie Lumière SARL"), "\(listed.stdout)")
        // The pipe-separated twin replaces it with the same content
        let again = try await cli.run(["ledger", "import", "\(Repository.root)/Tests/FacteurCoreTests/Fixtures/sample-fec-pipe.txt", "--json"])
        #expect(again.stdout == imported.stdout)
    }

    @Test func aMalformedFECIsRefusedNamingTheLineAndColumnAndChangesNothing() async throws {
        let cli = try await CLIHarness(tls: nil)
        cli.settings["smtp_url"] = "file://\(cli.directory.path)/mail"
        var text = try String(contentsOfFile: "\(Repository.root)/Tests/FacteurCoreTests/Fixtures/sample-fec-pipe.txt", encoding: .utf8)
        text = text.replacingOccurrences(of: "|20260105|", with: "|20261305|")
        let path = "\(cli.directory.path)/broken.txt"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try await cli.run(["ledger", "import", path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("line") && result.stderr.contains("EcritureDate"), "\(result.stderr)")
        #expect(try await cli.run(["directory", "list"]).stdout.isEmpty)
    }

    @Test func benchMatchingPrintsPrecisionAndRecallOnTheLabelledSet() async throws {
        let cli = try await CLIHarness(tls: nil)
        cli.settings["smtp_url"] = "file://\(cli.directory.path)/mail"
        let result = try await cli.run(["bench-matching", "\(Repository.root)/Tests/FacteurCoreTests/Fixtures/matching-evaluation.json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("precision ") && result.stdout.contains("recall "))
        // A stricter threshold from the configuration is honoured
        cli.settings["match_threshold"] = "30"
        let strict = try await cli.run(["bench-matching", "\(Repository.root)/Tests/FacteurCoreTests/Fixtures/matching-evaluation.json"])
        #expect(strict.stdout.contains("threshold 30.0"))
        #expect(strict.stdout != result.stdout)
    }

    @Test func benchMatchingPrintsPerFamilyFiguresAndTheSameAsJSON() async throws {
        let cli = try await CLIHarness(tls: nil)
        cli.settings["smtp_url"] = "file://\(cli.directory.path)/mail"
        let file = "\(Repository.root)/Tests/FacteurCoreTests/Fixtures/matching-families.json"
        let table = try await cli.run(["bench-matching", file])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("by family") && table.stdout.contains("dup_number_format"))
        let json = try await cli.run(["bench-matching", file, "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let families = try #require(object["byFamily"] as? [String: [String: Any]])
        #expect(families["names_acronym"]?["precision"] is Double && families["names_acronym"]?["recall"] is Double)
        // Every case of the file is scored (the set grows as families are added).
        let fixture = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        let cases = try #require(fixture["cases"] as? [Any])
        #expect(cases.count == 821)
        #expect((object["overall"] as? [String: Any])?["cases"] as? Int == cases.count)
        // A file that is not a labelled set is refused with a clear error
        let broken = "\(cli.directory.path)/broken.json"
        try Data("{\"cases\": 3}".utf8).write(to: URL(fileURLWithPath: broken))
        let refused = try await cli.run(["bench-matching", broken])
        #expect(refused.status != 0 && refused.stderr.contains("is not a labelled set"), "\(refused.stderr)")
    }
}
