import Foundation
import Hummingbird
import HummingbirdTesting
import Store
import Testing

@Suite struct SettingsPageTests {
    @Test func invalidSettingsAreShownNextToTheirFieldWith422AndNothingIsStored() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        let app = try await harness.application()
        try await app.test(.live) { client in
            var browser = Browser(client)
            let form = try await browser.get("/settings")
            #expect(form.status == .ok)
            #expect(form.text.contains("name=\"poll_interval\" value=\"900\""))
            let response = try await browser.post("/settings", form: [
                ("csrf", try form.csrfToken()), ("poll_interval", "5<b>"), ("owner_email", "owner@example.fr"),
            ])
            #expect(response.status == .unprocessableContent)
            // The typed values come back, escaped, with the error right under the field
            #expect(response.text.contains("name=\"poll_interval\" value=\"5&lt;b&gt;\" aria-invalid=\"true\" aria-describedby=\"error-poll_interval\">\n"
                                           + "<p class=\"field-error\" id=\"error-poll_interval\">expected a whole number from 60 to 86400, got &quot;5&lt;b&gt;&quot;</p>"))
            #expect(response.text.contains("name=\"owner_email\" value=\"owner@example.fr\">"))
            #expect(response.text.contains("Nothing was saved"))
            #expect(try Settings(database: harness.database).value("config.poll_interval") == nil)
            #expect(try Settings(database: harness.database).value("config.owner_email") == nil)
        }
    }

    @Test func validSettingsAreSavedAndTheChangedKeysListed() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        let app = try await harness.application()
        try await app.test(.live) { client in
            var browser = Browser(client)
            let token = try await browser.get("/settings").csrfToken()
            let response = try await browser.post("/settings", form: [("csrf", token), ("poll_interval", "600"), ("owner_email", "")])
            #expect(response.status == .ok)
            #expect(response.text.contains("Saved. Changed: poll_interval."))
            #expect(try Settings(database: harness.database).value("config.poll_interval") == "600")
            let again = try await browser.post("/settings", form: [("csrf", token), ("poll_interval", "600"), ("owner_email", "")])
            #expect(again.text.contains("Saved; nothing changed."))
            let forged = try await browser.post("/settings", form: [("poll_interval", "900"), ("owner_email", "")])
            #expect(forged.status == .forbidden)
            #expect(try Settings(database: harness.database).value("config.poll_interval") == "600")
        }
    }
}

@Suite struct SettingsPageWordingTests {
    @Test func anOwnerAddressWithoutADottedDomainIsRefused() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        let app = try await harness.application()
        try await app.test(.live) { client in
            var browser = Browser(client)
            let token = try await browser.get("/settings").csrfToken()
            let response = try await browser.post("/settings", form: [("csrf", token), ("owner_email", "a@b")])
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("expected an address with a full domain name"))
            #expect(try Settings(database: harness.database).value("config.owner_email") == nil)
            let fine = try await browser.post("/settings", form: [("csrf", token), ("owner_email", "gerant@boulangerie-dupont.fr")])
            #expect(fine.status == .ok)
        }
    }

    @Test func helpShowsCommandsAsCodeNotBackticks() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        let app = try await harness.application()
        try await app.test(.live) { client in
            var browser = Browser(client)
            let page = try await browser.get("/settings")
            #expect(!page.text.contains("`"))
            #expect(page.text.contains("<code>facteur run</code>"))
        }
    }

    @Test func backfillFromSaysItDoesNothingOnceSyncedAndPointsToSyncSince() async throws {
        // Given a data directory that has synced (a marker exists)
        let harness = try WebHarness()
        defer { harness.remove() }
        try Settings(database: harness.database).set("qonto.marker.supplier_invoice", "2026-11-20T09:00:00.000Z", now: Date())
        let app = try await harness.application()
        try await app.test(.live) { client in
            var browser = Browser(client, acceptLanguage: "fr")
            let page = try await browser.get("/settings")
            // Then the field is not editable and says why, pointing to the command that does re-read
            #expect(page.text.contains("id=\"field-backfill_since\" value=\"\" disabled"))
            #expect(page.text.contains("Sans effet désormais"))
            #expect(page.text.contains("<code>facteur sync --since AAAA-MM-JJ</code>"))
            // And a crafted form cannot set it either
            let response = try await browser.post("/settings", form: [("csrf", try page.csrfToken()), ("backfill_since", "2026-01-01")])
            #expect(response.status == .ok)
            #expect(try Settings(database: harness.database).value("config.backfill_since") == nil)
        }
    }
}
