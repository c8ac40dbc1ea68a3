import FacteurCore
import Foundation
import Hummingbird
import HummingbirdTesting
import FacteurTesting
import Store
import Testing

/// The pages of a gateway: one workspace keeps today's addresses and gains `/w/<id>/`; several get
/// the overview at `/` and each its own pages under its prefix, acting on its own store only, with
/// the same CSRF, origin and login rules.
@Suite(.poolWatchdog) struct GatewayRoutingTests {
    @Test func aSingleWorkspaceIsServedAtTheRootAndUnderItsPrefix() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        try harness.seedFailedMessage(recordID: "rec-solo")
        let app = try await harness.application()
        try await app.test(.live) { client in
            var browser = Browser(client)
            let root = try await browser.get("/")
            #expect(root.status == .ok)
            // Its forms post under its name, so a tab left open while the workspaces change cannot act on another
            #expect(root.text.contains("action=\"/w/default/retry\""))
            #expect(!root.text.contains("href=\"/w/default"))
            let prefixed = try await browser.get("/w/default/")
            #expect(prefixed.status == .ok)
            #expect(prefixed.text.contains("rec-solo"))
            #expect(prefixed.text.contains("action=\"/w/default/retry\""))
            #expect(prefixed.text.contains("href=\"/w/default/log\""))
            #expect(try await browser.get("/w/default/log").status == .ok)
            #expect(try await browser.get("/w/default/settings").text.contains("action=\"/w/default/settings\""))
            #expect(try await browser.get("/w/other/").status == .notFound)
        }
    }

    @Test func withTwoWorkspacesTheRootIsTheOverviewListingBothWorstFirst() async throws {
        let gateway = try GatewayHarness(["a", "b"])
        defer { gateway.remove() }
        try gateway["a"].seedFailedMessage(recordID: "rec-a")
        try gateway["b"].seedIncident(.smtp, summary: "the relay refused the login (535)", remedy: "facteur secret set smtp_password")
        let app = try await gateway.application()
        try await app.test(.live) { client in
            var browser = Browser(client)
            let page = try await browser.get("/")
            #expect(page.status == .ok)
            let a = try #require(page.text.range(of: "id=\"workspace-a\""), "workspace a is not on the overview")
            let b = try #require(page.text.range(of: "id=\"workspace-b\""), "workspace b is not on the overview")
            // The incident comes before the work waiting
            #expect(b.lowerBound < a.lowerBound)
            #expect(page.text.contains("class=\"workspace workspace-incident\" id=\"workspace-b\""))
            #expect(page.text.contains("the relay refused the login (535)"))
            #expect(page.text.contains("<a href=\"/w/a/#waiting-heading\"><strong>1 invoice waits for a person</strong></a>"))
            // The unprefixed workspace pages do not exist with several workspaces
            #expect(try await browser.get("/log").status == .notFound)
            #expect(try await browser.get("/settings").status == .notFound)
        }
    }

    @Test func eachWorkspacesStatusPageShowsItsOwnProblemsOnly() async throws {
        let gateway = try GatewayHarness(["a", "b"])
        defer { gateway.remove() }
        try gateway["a"].seedFailedMessage(recordID: "rec-only-in-a")
        try gateway["b"].seedFailedMessage(recordID: "rec-only-in-b")
        let app = try await gateway.application()
        try await app.test(.live) { client in
            var browser = Browser(client)
            let b = try await browser.get("/w/b/")
            #expect(b.status == .ok)
            #expect(b.text.contains("rec-only-in-b"))
            #expect(!b.text.contains("rec-only-in-a"))
            #expect(b.text.contains("<p class=\"workspace-name\">b</p>"))
            #expect(b.text.contains("action=\"/w/b/retry\""))
            #expect(b.text.contains("<a href=\"/\">Overview</a>"))
            let logA = try await browser.get("/w/a/log")
            #expect(logA.text.contains("rec-only-in-a") && !logA.text.contains("rec-only-in-b"))
        }
    }

    @Test func aTabLeftOpenOnAnotherWorkspacesPageCannotActOnTheOneServedNow() async throws {
        // Given a tab showing workspace a's status page while the gateway served a alone
        let before = try GatewayHarness(["a"])
        defer { before.remove() }
        _ = try before["a"].seedFailedMessage(recordID: "rec-a")
        let action = try await before.application().test(.live) { client in
            var browser = Browser(client)
            let page = try await browser.get("/").text
            return String(try #require(page.firstMatch(of: /action="([^"]*\/retry)"/), "no Retry form").1)
        }
        // When the gateway now serves b alone (same browser, same numbering: b's first message is 1 too)
        // and the stale tab's Retry is pressed
        let after = try GatewayHarness(["b"])
        defer { after.remove() }
        let inB = try after["b"].seedFailedMessage(recordID: "rec-b")
        try await after.application().test(.live) { client in
            var browser = Browser(client)
            let token = try await browser.get("/").csrfToken()
            let response = try await browser.post(action, form: [("csrf", token), ("target", "outbox:\(inB.id)")])
            // Then it reaches no workspace, and b's message is untouched
            #expect(response.status == .notFound, "the stale form posted to \(action)")
            #expect(try after["b"].outbox.message(id: inB.id).state == .failed)
        }
    }

    @Test func aRetryUnderOneWorkspaceActsOnThatWorkspaceOnly() async throws {
        let gateway = try GatewayHarness(["a", "b"])
        defer { gateway.remove() }
        // Both stores number their first message 1
        let inA = try gateway["a"].seedFailedMessage(recordID: "rec-a")
        let inB = try gateway["b"].seedFailedMessage(recordID: "rec-b")
        #expect(inA.id == inB.id)
        let app = try await gateway.application()
        try await app.test(.live) { client in
            var browser = Browser(client)
            let token = try await browser.get("/w/a/").csrfToken()
            let response = try await browser.post("/w/a/retry", form: [("csrf", token), ("target", "outbox:\(inA.id)")])
            #expect(response.status == .seeOther, "\(response.text)")
            let location = try #require(response.headers[.location])
            #expect(location.hasPrefix("/w/a/?notice="))
            #expect(try await browser.get(location).text.contains("Message \(inA.id) is queued again"))
            #expect(try gateway["a"].outbox.message(id: inA.id).state == .queued)
            #expect(try gateway["b"].outbox.message(id: inB.id).state == .failed)
        }
    }

    @Test func csrfAndOriginAreEnforcedUnderTheWorkspacePrefix() async throws {
        let gateway = try GatewayHarness(["a", "b"])
        defer { gateway.remove() }
        let message = try gateway["a"].seedFailedMessage(recordID: "rec-a")
        let app = try await gateway.application()
        try await app.test(.live) { client in
            var browser = Browser(client)
            let token = try await browser.get("/w/a/").csrfToken()
            // No token
            #expect(try await browser.post("/w/a/retry", form: [("target", "outbox:\(message.id)")]).status == .forbidden)
            // The right token from another site
            browser.origin = "https://evil.example"
            #expect(try await browser.post("/w/a/retry", form: [("csrf", token), ("target", "outbox:\(message.id)")]).status == .forbidden)
            // No Origin at all
            browser.origin = nil
            #expect(try await browser.post("/w/a/dismiss", form: [("csrf", token), ("target", "outbox:\(message.id)"),
                                                                  ("reason", "x")]).status == .forbidden)
            #expect(try gateway["a"].outbox.message(id: message.id).state == .failed)
        }
    }

    @Test func oneLoginOpensEveryWorkspace() async throws {
        let gateway = try GatewayHarness(["a", "b"])
        defer { gateway.remove() }
        let hash = try PasswordHash.make(password: "correct horse battery")
        let app = try await gateway.application(passwordHash: hash)
        try await app.test(.live) { client in
            var browser = Browser(client)
            let asked = try await browser.get("/w/b/log")
            #expect(asked.status == .seeOther)
            #expect(asked.headers[.location] == "/login?next=%2Fw%2Fb%2Flog")
            let token = try await browser.get("/login").csrfToken()
            let login = try await browser.post("/login", form: [("csrf", token), ("password", "correct horse battery"),
                                                                ("next", "/w/b/log")])
            #expect(login.headers[.location] == "/w/b/log")
            #expect(try await browser.get("/w/a/").status == .ok)
            #expect(try await browser.get("/w/b/settings").status == .ok)
            #expect(try await browser.get("/").status == .ok)
        }
    }
}
