import FacteurCore
import Hummingbird
import HummingbirdTesting
import Store
import Testing

@Suite struct RetryTests {
    static let expired = "This form has expired or did not come from Facteur&#39;s own page; reload the page and try again."

    @Test func retryWithoutACSRFTokenIsRefusedAndChangesNothing() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        let message = try harness.seedFailedMessage(recordID: "rec-1")
        let app = try await harness.application()
        try await app.test(.live) { client in
            var browser = Browser(client)
            try await browser.get("/")
            // When the form is posted without its token (but with the cookie)
            let response = try await browser.post("/retry", form: [("target", "outbox:\(message.id)")])
            // Then it is refused and nothing changed
            #expect(response.status == .forbidden)
            #expect(response.text.contains(Self.expired))
            #expect(try harness.outbox.message(id: message.id).state == .failed)
            #expect(try MailLog(database: harness.database).entries().map(\.event) == ["enqueued", "attempt"])
        }
    }

    @Test func retryWithAForgedTokenOrAnotherBrowsersTokenIsRefused() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        let message = try harness.seedFailedMessage(recordID: "rec-1")
        let app = try await harness.application()
        try await app.test(.live) { client in
            var owner = Browser(client)
            let ownerToken = try await owner.get("/").csrfToken()
            var attacker = Browser(client)
            try await attacker.get("/")
            #expect(attacker.cookies["facteur_csrf"] != owner.cookies["facteur_csrf"])
            // A token made for the owner's cookie does not go with the attacker's cookie
            let stolen = try await attacker.post("/retry", form: [("target", "outbox:\(message.id)"), ("csrf", ownerToken)])
            #expect(stolen.status == .forbidden)
            // A made-up token does not go with the owner's cookie
            let forged = try await owner.post("/retry", form: [("target", "outbox:\(message.id)"),
                                                               ("csrf", String(repeating: "ab", count: 32))])
            #expect(forged.status == .forbidden)
            // Without any cookie, the right token alone is not enough either
            var stranger = Browser(client)
            let bare = try await stranger.post("/retry", form: [("target", "outbox:\(message.id)"), ("csrf", ownerToken)])
            #expect(bare.status == .forbidden)
            #expect(try harness.outbox.message(id: message.id).state == .failed)
        }
    }

    @Test func retryWithAValidTokenQueuesTheMessageAgainAndTheLogShowsIt() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        let message = try harness.seedFailedMessage(recordID: "rec-42")
        let app = try await harness.application()
        try await app.test(.live) { client in
            var browser = Browser(client)
            let token = try await browser.get("/").csrfToken()
            // When Retry is pressed
            let response = try await browser.post("/retry", form: [("csrf", token), ("target", "outbox:\(message.id)")])
            // Then the browser is sent back to the status page, which confirms
            #expect(response.status == .seeOther)
            let location = try #require(response.headers[.location])
            #expect(location.hasPrefix("/?notice="))
            let page = try await browser.get(location)
            #expect(page.text.contains("<p class=\"notice\" role=\"status\">Message \(message.id) is queued again; it is sent within a minute.</p>"))
            // And the message is queued again, and the mail log shows the resend
            #expect(try harness.outbox.message(id: message.id).state == .queued)
            let log = try await browser.get("/log?record=rec-42&event=resend")
            #expect(log.status == .ok)
            #expect(log.text.contains("<td data-label=\"Event\">resend</td>"))
            #expect(log.text.contains("Retry on the status page; was failed: rejected: 554"))
        }
    }

    @Test func aNoticeThatFacteurDidNotSignIsNotShown() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        let app = try await harness.application()
        try await app.test(.live) { client in
            var browser = Browser(client)
            let page = try await browser.get("/?notice=Your+account+is+closed&sig=00")
            #expect(page.status == .ok)
            #expect(!page.text.contains("Your account is closed"))
        }
    }

    @Test func retryingAnUnknownTargetAnswersOneLine() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        let app = try await harness.application()
        try await app.test(.live) { client in
            var browser = Browser(client)
            let token = try await browser.get("/settings").csrfToken()
            let response = try await browser.post("/retry", form: [("csrf", token), ("target", "outbox:999")])
            #expect(response.status == .notFound)
            #expect(response.text.contains("<p class=\"message\">no outbox message #999</p>"))
        }
    }
}
