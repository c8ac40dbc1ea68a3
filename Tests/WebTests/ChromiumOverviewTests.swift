import FacteurApp
import FacteurCore
import FacteurTesting
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Store
import Testing

/// The overview of a firm's gateway as its bookkeeper sees it in a real browser on a phone, in
/// French: a screenshot in `.build/test-artifacts/overview-fr-phone.png` (first screen) and
/// `overview-fr-phone-full.png` (the whole page) for a person to look at, and, measured on the
/// screenshot, the workspace with an incident is the first card on the first screen.
@Suite(.serialized, .processHeavy) struct ChromiumOverviewTests {
    @Test(.timeLimit(.minutes(6)))
    func theOverviewOnAPhoneInFrenchPutsTheIncidentFirst() async throws {
        guard let chromium = ChildProcess.find("chromium") else {
            Issue.record("chromium is not on PATH: run `make test`, which installs it (Debian package `chromium`)")
            return
        }
        let python = try #require(ChildProcess.find("python3"), "python3 is not on PATH")
        let oauth = ["qonto_client_id": "client-id", "qonto_client_secret": "s3cret-for-tests"]
        let gateway = try GatewayHarness(["boulangerie-martin", "cabinet-durand", "garage-lefebvre", "pharmacie-centrale", "sarl-dupont"],
                                         extra: ["garage-lefebvre": oauth, "pharmacie-centrale": oauth])
        defer { gateway.remove() }
        try Self.seed(gateway)
        let pages = try await ServedPages.start(label: "chromium-overview") { try await gateway.application(onServerRunning: $0) }
        defer { pages.cancel() }  // only if the test stops early; it normally shuts down gracefully below
        let url = pages.url
        let artifacts = "\(ChromiumStatusPageTests.repositoryRoot)/.build/test-artifacts"
        try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
        let profile = try TemporaryDirectory("facteur-chromium-overview")
        defer { profile.remove() }
        for (name, size) in [("phone", "412,915"), ("phone-full", "412,2600")] {
            // A French bookkeeper's browser asks for French
            let common = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
                          "--hide-scrollbars", "--force-color-profile=srgb", "--force-device-scale-factor=1", "--lang=fr-FR",
                          "--accept-lang=fr-FR,fr", "--user-data-dir=\(profile.path)/profile-\(name)", "--window-size=\(size)"]
            let screenshot = "\(artifacts)/overview-fr-\(name).png"
            try? FileManager.default.removeItem(atPath: screenshot)
            let dom = try await ChildProcess.run(chromium, common + ["--dump-dom", url], outputDirectory: profile.path, timeout: .seconds(90))
            #expect(dom.status == 0 && !dom.timedOut, "chromium --dump-dom failed; stderr: \(dom.stderr.suffix(2000))")
            #expect(dom.stdout.contains("<html lang=\"fr\">"), "the overview is not in French")
            let order = ["boulangerie-martin", "cabinet-durand", "garage-lefebvre", "pharmacie-centrale", "sarl-dupont"]
                .map { dom.stdout.range(of: "id=\"workspace-\($0)\"")?.lowerBound }
            #expect(order.allSatisfy { $0 != nil } && order.compactMap { $0 } == order.compactMap { $0 }.sorted(),
                    "the workspaces are not worst first")
            let shot = try await ChildProcess.run(chromium, common + ["--screenshot=\(screenshot)", url],
                                                  outputDirectory: profile.path, timeout: .seconds(90))
            #expect(!shot.timedOut && FileManager.default.fileExists(atPath: screenshot), "no screenshot: \(shot.stderr.suffix(1000))")
            guard name == "phone" else { continue }
            // The incident card's background is on the first screen, near its top
            let measured = try await ChildProcess.run(python, [
                "\(ChromiumStatusPageTests.repositoryRoot)/Tests/Support/png_colour_rows.py", screenshot,
                ChromiumScreenshotTests.incidentBackground, "100",
            ], outputDirectory: profile.path, timeout: .seconds(60))
            let fields = measured.stdout.split(whereSeparator: \.isWhitespace).map(String.init)
            #expect(fields.first == "412x915", "the phone screenshot is \(fields.first ?? "?")")
            let top = fields.count == 3 ? Int(fields[1]) : nil
            #expect(top.map { $0 < 400 } == true, "the incident card is not near the top of the phone's first screen: \(measured.stdout)")
        }
        try await pages.stop()
    }

    /// A bad morning at a firm: an SMTP incident, invoices waiting, a queue, a token about to expire.
    static func seed(_ gateway: GatewayHarness) throws {
        let now = Date()
        for name in gateway.workspaces.keys {
            _ = try Incidents(database: gateway[name].database).noteSuccess(.qonto, now: now.addingTimeInterval(-Double(name.count) * 130))
        }
        try gateway["boulangerie-martin"].seedIncident(.smtp, summary: "le relais SMTP refuse l’authentification (535 5.7.8)",
                                                       remedy: "facteur secret set smtp_password", now: now.addingTimeInterval(-5400))
        for index in 1...3 {
            try gateway["cabinet-durand"].seedFailedMessage(recordID: "durand-\(index)")
        }
        for index in 1...4 {
            let id = "dupont-\(index)"
            try gateway["sarl-dupont"].seedInvoiceMessage(recordID: id, json: WebHarness.invoiceJSON(id: id, supplier: "Fournisseur \(index)",
                                                                                                      number: "F-\(index)", amount: "100.00"),
                                                          state: .queued, now: now.addingTimeInterval(-1_260))
        }
        let tokens = Data(#"{"accessToken":"at","refreshToken":"rt","expiresAt":0}"#.utf8)
        for (name, age) in [("garage-lefebvre", 83.0), ("pharmacie-centrale", 20.0)] {
            let secrets = try #require(gateway.opened.first { $0.id.rawValue == name }).secrets
            try secrets.set(name: QontoConnection.tokensSecret, value: String(decoding: QontoRefreshTokenDate.stamp(
                tokens, previous: nil, now: now.addingTimeInterval(-age * 86_400)), as: UTF8.self))
        }
    }
}
