import FacteurTesting
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Testing

/// The status page as a real browser renders it, on a phone-sized window.
@Suite(.processHeavy) struct ChromiumStatusPageTests {
    /// The repository root, from this file's path (Tests/WebTests/<file>).
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    @Test(.timeLimit(.minutes(5)))
    func headlessChromiumRendersTheFailedRecordOnAPhoneSizedScreen() async throws {
        guard let chromium = ChildProcess.find("chromium") else {
            Issue.record("chromium is not on PATH: run `make test`, which installs it (Debian package `chromium`)")
            return
        }
        // Given a data directory with a failed record, served on 127.0.0.1 at a free port
        let harness = try WebHarness()
        defer { harness.remove() }
        try harness.seedFailedMessage(recordID: "chromium-rec-7", reply: "554 5.1.1 <inbox@pennylane.test>: mailbox unavailable")
        let pages = try await ServedPages.start(label: "chromium-test") { try await harness.application(onServerRunning: $0) }
        defer { pages.cancel() }  // only if the test stops early; it normally shuts down gracefully below
        let url = pages.url

        let artifacts = "\(Self.repositoryRoot)/.build/test-artifacts"
        try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
        let screenshot = "\(artifacts)/status-page.png"
        try? FileManager.default.removeItem(atPath: screenshot)
        let profile = try TemporaryDirectory("facteur-chromium")
        defer { profile.remove() }
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
                      "--user-data-dir=\(profile.path)/profile", "--window-size=412,915"]

        // When chromium dumps the DOM and takes a screenshot
        let dom = try await ChildProcess.run(chromium, common + ["--dump-dom", url], outputDirectory: profile.path,
                                             timeout: .seconds(90))
        #expect(!dom.timedOut, "chromium --dump-dom timed out; stderr: \(dom.stderr.suffix(2000))")
        #expect(dom.status == 0, "chromium --dump-dom failed; stderr: \(dom.stderr.suffix(2000))")
        let shot = try await ChildProcess.run(chromium, common + ["--screenshot=\(screenshot)", url],
                                              outputDirectory: profile.path, timeout: .seconds(90))
        #expect(!shot.timedOut, "chromium --screenshot timed out; stderr: \(shot.stderr.suffix(2000))")

        // Then the page shows the record and the server's reason, and the screenshot is a real PNG
        #expect(dom.stdout.contains("chromium-rec-7"))
        #expect(dom.stdout.contains("554 5.1.1 &lt;inbox@pennylane.test&gt;: mailbox unavailable"))
        let png = try #require(FileManager.default.contents(atPath: screenshot), "no screenshot at \(screenshot)")
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(png.count > 10_000, "the screenshot is only \(png.count) bytes")
        try await pages.stop()
    }
}
