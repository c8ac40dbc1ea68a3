import FacteurCore
import FacteurTesting
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Store
import Testing

/// The status page as a bookkeeper sees it in a real browser: screenshots on a desktop
/// (1366×900) and a phone (412×915), in French and in English, from a seeded store, written to
/// `.build/test-artifacts/` for a person to look at; and, measured on the phone screenshot, the
/// open incident is on the first screen.
@Suite(.serialized, .processHeavy) struct ChromiumScreenshotTests {
    /// The incident box's background (`--incident-bg` in style.css): no other element uses it.
    static let incidentBackground = "#fce8e6"
    /// The two first screens, and the whole phone page (a tall window) for a person to read.
    static let sizes = [("desktop", "1366,900"), ("phone", "412,915"), ("phone-full", "412,3600")]

    @Test(.timeLimit(.minutes(8)))
    func screenshotsInBothLanguagesAndTheIncidentIsOnThePhonesFirstScreen() async throws {
        guard let chromium = ChildProcess.find("chromium") else {
            Issue.record("chromium is not on PATH: run `make test`, which installs it (Debian package `chromium`)")
            return
        }
        let python = try #require(ChildProcess.find("python3"), "python3 is not on PATH")
        // Given a store as a bookkeeper would find it on a bad morning
        let harness = try WebHarness()
        defer { harness.remove() }
        try Self.seed(harness)
        let pages = try await ServedPages.start(label: "chromium-screenshots") { try await harness.application(onServerRunning: $0) }
        defer { pages.cancel() }  // only if the test stops early; it normally shuts down gracefully below
        let url = pages.url
        let artifacts = "\(ChromiumStatusPageTests.repositoryRoot)/.build/test-artifacts"
        try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
        let profile = try TemporaryDirectory("facteur-chromium-shots")
        defer { profile.remove() }

        for language in ["fr", "en"] {
            // The page language is forced by the setting, so the screenshots do not depend on the browser's locale
            _ = try Settings(database: harness.database).setOverrides(["web_language": language], source: "test", now: Date())
            for (name, size) in Self.sizes {
                let common = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
                              "--hide-scrollbars", "--force-color-profile=srgb", "--force-device-scale-factor=1",
                              "--user-data-dir=\(profile.path)/profile-\(language)-\(name)", "--window-size=\(size)"]
                let screenshot = "\(artifacts)/status-\(language)-\(name).png"
                try? FileManager.default.removeItem(atPath: screenshot)
                // When chromium renders the status page
                let dom = try await ChildProcess.run(chromium, common + ["--dump-dom", url], outputDirectory: profile.path,
                                                     timeout: .seconds(90))
                #expect(dom.status == 0 && !dom.timedOut, "chromium --dump-dom failed; stderr: \(dom.stderr.suffix(2000))")
                let shot = try await ChildProcess.run(chromium, common + ["--screenshot=\(screenshot)", url],
                                                      outputDirectory: profile.path, timeout: .seconds(90))
                #expect(!shot.timedOut, "chromium --screenshot timed out; stderr: \(shot.stderr.suffix(2000))")
                // Then the page is in that language and reads in order: verdict, incident, waiting, health
                #expect(dom.stdout.contains("<html lang=\"\(language)\">"))
                let order = ["id=\"verdict\"", "id=\"incident-qonto\"", "id=\"waiting-heading\"", "id=\"dismissed-heading\"",
                             "id=\"health-heading\""].map { dom.stdout.range(of: $0)?.lowerBound }
                #expect(order.allSatisfy { $0 != nil }, "a section is missing from the \(language) page")
                #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted(), "the sections are out of order")
                #expect(dom.stdout.contains(language == "fr" ? "Boulangerie Dupont SARL" : "Boulangerie Dupont SARL"))
                let png = try #require(FileManager.default.contents(atPath: screenshot), "no screenshot at \(screenshot)")
                #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
                guard name == "phone" else { continue }
                // And on the phone, the incident box is measured on the screenshot itself: its
                // background starts well within the first screen (915 px)
                let measured = try await ChildProcess.run(python, [
                    "\(ChromiumStatusPageTests.repositoryRoot)/Tests/Support/png_colour_rows.py", screenshot,
                    Self.incidentBackground, "100",
                ], outputDirectory: profile.path, timeout: .seconds(60))
                #expect(measured.status == 0, "png_colour_rows.py failed: \(measured.stderr)")
                let fields = measured.stdout.split(whereSeparator: \.isWhitespace).map(String.init)
                #expect(fields.first == "412x915", "the phone screenshot is \(fields.first ?? "?")")
                let top = fields.count == 3 ? Int(fields[1]) : nil
                let bottom = fields.count == 3 ? Int(fields[2]) : nil
                #expect(top != nil, "no incident box on the phone's first screen (\(language)): \(measured.stdout)")
                if let top, let bottom {
                    #expect(top < 600, "the incident starts at \(top) px on the phone (\(language))")
                    #expect(bottom - top >= 60, "only \(bottom - top) px of the incident box are on the first screen")
                }
            }
        }
        // The mail log and the settings pages on a phone, in French, for a person to look at
        _ = try Settings(database: harness.database).setOverrides(["web_language": "fr"], source: "test", now: Date())
        for (name, path) in [("log", "log"), ("settings", "settings")] {
            let shot = "\(artifacts)/\(name)-fr-phone.png"
            try? FileManager.default.removeItem(atPath: shot)
            let run = try await ChildProcess.run(chromium, [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--force-device-scale-factor=1", "--user-data-dir=\(profile.path)/profile-\(name)", "--window-size=412,1400",
                "--screenshot=\(shot)", url + path,
            ], outputDirectory: profile.path, timeout: .seconds(90))
            #expect(!run.timedOut && FileManager.default.fileExists(atPath: shot), "no \(name) screenshot: \(run.stderr.suffix(1000))")
        }
        try await pages.stop()
    }

    /// An open Qonto incident, a refused message, a review hold, a Document Review item with a long
    /// word-free reason, and a dismissed record.
    static func seed(_ harness: WebHarness) throws {
        let now = Date()
        try harness.seedIncident(.qonto, summary: "Qonto answered 401 Unauthorized after a token refresh",
                                 remedy: "check the Qonto credentials: `facteur secret set qonto_secret_key` for an API key, or `facteur connect` for OAuth",
                                 now: now.addingTimeInterval(-3600))
        try harness.seedInvoiceMessage(
            recordID: "0b3f6c1e-7d2a-4e59-9a41-5c2f8e3b1d01",
            json: WebHarness.invoiceJSON(id: "0b3f6c1e-7d2a-4e59-9a41-5c2f8e3b1d01", supplier: "Boulangerie Dupont SARL",
                                         number: "F-2026-0042", amount: "1234.50", issueDate: "2026-11-03",
                                         fileName: "facture-0042.pdf"),
            state: .failed, now: now.addingTimeInterval(-1800))
        try harness.seedInvoiceMessage(
            recordID: "5a9e2b7c-1f3d-4c8e-b2a6-9d0e4f7a3c12",
            json: WebHarness.invoiceJSON(id: "5a9e2b7c-1f3d-4c8e-b2a6-9d0e4f7a3c12", supplier: "ACME Fournitures",
                                         number: "AC-118", amount: "89.90", issueDate: "2026-11-12", fileName: "AC-118.pdf"),
            state: .held, reason: "score 6.0 below the threshold 10: name close to ACME SAS (6.0), no identifier",
            now: now.addingTimeInterval(-900))
        let longName = "releve_" + String(repeating: "0123456789ABCDEF", count: 12) + ".xml"
        try harness.seedHeldRecord(
            recordID: "c4d1e8f2-3b6a-4f90-8e27-1a5b9c3d7e44",
            json: WebHarness.invoiceJSON(id: "c4d1e8f2-3b6a-4f90-8e27-1a5b9c3d7e44", supplier: nil, number: nil, amount: nil,
                                         issueDate: nil, fileName: longName, nonFinancial: false),
            reason: "unsupported file: application/xml is not a PDF, JPEG or PNG (what Pennylane reads)", now: now.addingTimeInterval(-600))
        try harness.seedHeldRecord(
            recordID: "9f8e7d6c-5b4a-4392-8170-6e5d4c3b2a19",
            json: WebHarness.invoiceJSON(id: "9f8e7d6c-5b4a-4392-8170-6e5d4c3b2a19", supplier: nil, number: nil, amount: nil,
                                         issueDate: nil, fileName: "releve-novembre.pdf", nonFinancial: true),
            reason: "non-financial document: Qonto files it under Document Review, not as an invoice", now: now.addingTimeInterval(-300))
        try Dismissals(database: harness.database).dismiss(
            .init(recordType: "supplier_invoice", recordID: "9f8e7d6c-5b4a-4392-8170-6e5d4c3b2a19",
                  contentHash: "h-9f8e7d6c-5b4a-4392-8170-6e5d4c3b2a19", outboxID: nil),
            reason: "relevé bancaire, pas une facture", by: "Dismiss on the status page", now: now)
    }
}
