import FacteurTesting
import Foundation
import Testing

/// `facteur bench-compose`, the composition figure of `make bench`.
@Suite(.processHeavy) struct BenchComposeCommandTests {
    @Test func composesTheFileInProcessAndReportsItsSizes() async throws {
        let cli = try await CLIHarness(tls: nil)
        cli.settings["smtp_url"] = "file://\(cli.directory.path)/mail"
        let pdf = try cli.makePDF("facture.pdf")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: pdf)[.size] as? Int)
        let result = try await cli.run(["bench-compose", pdf, "--runs", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["attachmentBytes"] as? Int == size)
        // base64 with CRLF every 76 characters, plus the headers and the text part
        #expect((report["messageBytes"] as? Int ?? 0) > size * 4 / 3)
        #expect((report["seconds"] as? [Double])?.count == 2)
        // Nothing is queued: the composer wrote to /dev/null
        #expect(try await cli.run(["outbox"]).stdout.contains("facture") == false)
    }

    @Test func aFilePennylaneCannotReadIsRefused() async throws {
        let cli = try await CLIHarness(tls: nil)
        cli.settings["smtp_url"] = "file://\(cli.directory.path)/mail"
        let text = try cli.directory.write("notes.txt", Array("not an invoice".utf8))
        let result = try await cli.run(["bench-compose", text])
        #expect(result.status != 0)
        #expect(result.stderr.contains("not a PDF, JPEG or PNG"))
    }
}
