import FacteurCore
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Store
import Testing

/// A firm's overview stays readable when one company is broken: a workspace whose database cannot
/// be read, or that `facteur run` skipped at start, gets its own row first saying why, and every
/// other workspace keeps its figures (on the page and in `/metrics`).
@Suite struct OverviewAvailabilityTests {
    @Test func oneUnreadableDatabaseIsNamedFirstAndTheOtherWorkspacesStayListed() async throws {
        let gateway = try GatewayHarness(["a", "b", "c"])
        defer { gateway.remove() }
        try gateway["a"].seedFailedMessage(recordID: "rec-a")
        // b's store loses a table its status report reads (a damaged or foreign database)
        try await gateway["b"].database.queue.write { try $0.execute(sql: "DROP TABLE outbox") }
        let app = try await gateway.application()
        try await app.test(.live) { client in
            var browser = Browser(client)
            let page = try await browser.get("/")
            #expect(page.status == .ok)
            let a = try #require(page.text.range(of: "id=\"workspace-a\""), "workspace a is not on the overview")
            let b = try #require(page.text.range(of: "id=\"workspace-b\""), "workspace b is not on the overview")
            let c = try #require(page.text.range(of: "id=\"workspace-c\""), "workspace c is not on the overview")
            #expect(b.lowerBound < a.lowerBound && a.lowerBound < c.lowerBound)
            #expect(page.text.contains("class=\"workspace workspace-incident\" id=\"workspace-b\""))
            #expect(page.text.contains("Database unreadable"))
            #expect(page.text.contains("<a href=\"/w/a/#waiting-heading\"><strong>1 invoice waits for a person</strong></a>"))
            #expect(page.text.contains("3 workspaces · 1 with an incident · 1 with work waiting"))

            let metrics = try await browser.get("/metrics").text
            #expect(metrics.contains("facteur_workspace_available{workspace=\"b\"} 0"))
            #expect(metrics.contains("facteur_workspace_available{workspace=\"a\"} 1"))
            #expect(metrics.contains("facteur_problems_waiting{workspace=\"a\"} 1"))
            // No made-up zeros for the workspace whose figures are unknown
            #expect(!metrics.contains("facteur_queue_depth{workspace=\"b\"}"))
            #expect(metrics.contains("facteur_workspaces 3"))
        }
    }

    @Test func aWorkspaceSkippedAtStartIsListedFirstWithItsProblemsAndNoLink() async throws {
        // One workspace served, one skipped: the root is the overview, so the skipped one is seen
        let gateway = try GatewayHarness(["a"])
        defer { gateway.remove() }
        let app = try await gateway.application(notServed: [WorkspaceID("broken")!: ["qonto_login: is missing"]])
        try await app.test(.live) { client in
            var browser = Browser(client)
            let page = try await browser.get("/")
            #expect(page.status == .ok)
            let a = try #require(page.text.range(of: "id=\"workspace-a\""), "workspace a is not on the overview")
            let broken = try #require(page.text.range(of: "id=\"workspace-broken\""), "the skipped workspace is not on the overview")
            #expect(broken.lowerBound < a.lowerBound)
            #expect(page.text.contains("<h2>broken</h2>"))
            #expect(!page.text.contains("href=\"/w/broken/"))
            #expect(page.text.contains("Not served"))
            #expect(page.text.contains("qonto_login: is missing"))
            #expect(page.text.contains("fix it, then restart facteur run"))
            #expect(try await browser.get("/w/broken/").status == .notFound)
            #expect(try await browser.get("/w/a/").status == .ok)

            let metrics = try await browser.get("/metrics").text
            #expect(metrics.contains("facteur_workspace_available{workspace=\"broken\"} 0"))
            #expect(metrics.contains("facteur_workspaces 1"))
        }
    }
}
