import FacteurCore
import FacteurTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Store
import Testing
import Web

@Suite struct StatusPageTests {
    @Test func statusPageListsTheFailedRecordWithItsReasonServerReplyAndQontoLink() async throws {
        // Given a message the server rejected for good
        let harness = try WebHarness()
        defer { harness.remove() }
        try harness.seedFailedMessage(recordID: "a1b2c3d4-record")
        let app = try await harness.application()
        try await app.test(.live) { client in
            // When the status page is shown
            var browser = Browser(client)
            let page = try await browser.get("/")
            // Then it lists the record, its reason, the server's reply, a link to Qonto and a Retry form
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.text.contains("<a href=\"\(WebHarness.qontoBase)a1b2c3d4-record\" rel=\"noreferrer\">a1b2c3d4-record</a>"))
            #expect(page.text.contains("<dt>Recipient</dt><dd class=\"reply\">supplier@pennylane.test</dd>"))
            // The reason no longer repeats the server's reply: the reply is shown once, on its own line
            #expect(page.text.contains("<dt>Reason</dt><dd>The mail server refused the message.</dd>"))
            #expect(page.text.contains("<dt>Server reply</dt><dd class=\"reply\">554 5.7.1 Recipient address rejected: mailbox unknown</dd>"))
            #expect(page.text.components(separatedBy: "Recipient address rejected: mailbox unknown").count == 2)
            #expect(page.text.contains("name=\"target\" value=\"outbox:1\""))
            #expect(page.text.contains("<meta name=\"viewport\""))
            _ = try page.csrfToken()
            #expect(browser.cookies["facteur_csrf"]?.count == 64)
        }
    }

    @Test func anIncidentComesFirstAndThePageDoesNotContradictItself() async throws {
        // Given an open incident and nothing else waiting
        let harness = try WebHarness()
        defer { harness.remove() }
        try harness.seedIncident(.qonto, summary: "Qonto answered 401 Unauthorized",
                                 remedy: "check the Qonto credentials: `facteur connect` for OAuth")
        let app = try await harness.application()
        try await app.test(.live) { client in
            var browser = Browser(client)
            let page = try await browser.get("/").text
            // Then the verdict names the incident, the incident comes before what waits and the health
            #expect(page.contains("<p><strong>1 open incident.</strong></p>"))
            #expect(!page.contains("All is well"))
            #expect(!page.contains("Nothing needs you"))
            let incident = try #require(page.range(of: "id=\"incident-qonto\"")?.lowerBound)
            let waiting = try #require(page.range(of: "id=\"waiting-heading\"")?.lowerBound)
            let health = try #require(page.range(of: "id=\"health-heading\"")?.lowerBound)
            #expect(incident < waiting && waiting < health)
            // And the waiting list says no invoice waits, not that nothing needs the reader
            #expect(page.contains("No invoice is waiting for a decision."))
            // And the remedy's command is code, not backticks
            #expect(page.contains("<code>facteur connect</code>"))
            #expect(!page.contains("`"))
        }
    }

    @Test func aReasonContainingMarkupIsShownAsTextNotRun() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        try harness.seedFailedMessage(recordID: "r-<b>bold</b>", reply: "554 <script>alert('x')</script> & more")
        let app = try await harness.application()
        try await app.test(.live) { client in
            var browser = Browser(client)
            let page = try await browser.get("/")
            #expect(!page.text.contains("<script>"))
            #expect(!page.text.contains("<b>bold</b>"))
            #expect(page.text.contains("554 &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"))
            #expect(page.text.contains("r-&lt;b&gt;bold&lt;/b&gt;"))
        }
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        let app = try await harness.application()
        try await app.test(.live) { client in
            var browser = Browser(client)
            for uri in ["/", "/style.css", "/log", "/settings", "/no-such-page"] {
                let response = try await browser.get(uri)
                #expect(response.headers[.contentSecurityPolicy] == "default-src 'none'; style-src 'self'; img-src 'self'; "
                        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'", "\(uri)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                // same-origin, not no-referrer: a browser then sends the real Origin with Facteur's own forms (RequestGuard)
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin", "\(uri)")
                #expect(response.headers[.cacheControl] == "no-store", "\(uri)")
            }
            let missing = try await browser.get("/no-such-page")
            #expect(missing.status == .notFound)
            #expect(missing.text.contains("There is no such page."))
            let css = try await browser.get("/style.css")
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(css.text.contains("@media (max-width: 640px)"))
        }
    }

    @Test func aMissingTemplateStopsTheStartWithAClearError() async throws {
        // Given a templates folder without status.mustache
        let harness = try WebHarness()
        defer { harness.remove() }
        let copy = "\(harness.directory.path)/templates"
        try FileManager.default.copyItem(atPath: WebHarness.templates, toPath: copy)
        try FileManager.default.removeItem(atPath: "\(copy)/status.mustache")
        // Then building fails at once, naming the file
        await #expect {
            _ = try await buildWebRouter(configuration: harness.configuration(templates: copy),
                                         actions: try TestActions.make(database: harness.database, dataDirectory: "\(harness.directory.path)/data"),
                                         store: SQLiteWorkspaceStore(database: harness.database), logger: Logger(label: "test"))
        } throws: { error in
            String(describing: error) == "the web template \(copy)/status.mustache is missing"
        }
    }
}
