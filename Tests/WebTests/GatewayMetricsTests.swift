import FacteurCore
import FacteurTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Store
import Testing

/// `/metrics` of a gateway: Prometheus's own parser reads it, every workspace has its series with
/// its own figures, and a scraper gets in with the bearer token once the pages need a login.
@Suite struct GatewayMetricsTests {
    @Test func metricsParseAsPrometheusTextWithEachWorkspacesOwnSeries() async throws {
        let python = try #require(ChildProcess.find("python3"), "python3 is not on PATH")
        let gateway = try GatewayHarness(["a", "b"])
        defer { gateway.remove() }
        let queuedAt = Date().addingTimeInterval(-300)
        try gateway["a"].seedFailedMessage(recordID: "rec-a")
        try gateway["b"].seedInvoiceMessage(recordID: "rec-b-held", json: WebHarness.invoiceJSON(id: "rec-b-held", supplier: "X", number: "1",
                                                                                                  amount: "10.00"),
                                            state: .held, reason: "review")
        try gateway["b"].seedInvoiceMessage(recordID: "rec-b-queued", json: WebHarness.invoiceJSON(id: "rec-b-queued", supplier: "Y",
                                                                                                    number: "2", amount: "20.00"),
                                            state: .queued, now: queuedAt)
        try gateway["b"].seedIncident(.qonto, summary: "Qonto answered 401", remedy: "facteur connect")
        let app = try await gateway.application(qontoRequests: {
            QontoRequestTotals(requests: ["a": 5, "b": 7], throttled: ["b": 1])
        })
        let before = Date()
        let body = try await app.test(.live) { client in
            let response = try await client.executeRequest(uri: "/metrics", method: .get, headers: [:], body: nil)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            return String(buffer: response.body)
        }
        let after = Date()
        let scratch = try TemporaryDirectory("facteur-metrics")
        defer { scratch.remove() }
        let file = try scratch.write("metrics.txt", Array(body.utf8))
        let parsed = try await ChildProcess.run(python, ["\(ChromiumStatusPageTests.repositoryRoot)/Tests/Support/prometheus_parse.py", file],
                                                outputDirectory: scratch.path, timeout: .seconds(60))
        #expect(parsed.status == 0, "the exposition does not parse: \(parsed.stderr)\n\(body)")
        let samples = Set(parsed.stdout.split(separator: "\n").map(String.init))
        for expected in [
            "gauge facteur_workspaces  2",
            "gauge facteur_messages_failed workspace=a 1", "gauge facteur_messages_failed workspace=b 0",
            "gauge facteur_messages_held workspace=a 0", "gauge facteur_messages_held workspace=b 1",
            "gauge facteur_messages_forwarded workspace=a 0", "gauge facteur_messages_forwarded workspace=b 0",
            "gauge facteur_problems_waiting workspace=a 1", "gauge facteur_problems_waiting workspace=b 1",
            "gauge facteur_queue_depth workspace=a 0", "gauge facteur_queue_depth workspace=b 1",
            "gauge facteur_oldest_due_message_age_seconds workspace=a 0",
            "gauge facteur_open_incidents side=qonto,workspace=b 1", "gauge facteur_open_incidents side=smtp,workspace=b 0",
            "gauge facteur_open_incidents side=qonto,workspace=a 0",
            "gauge facteur_last_sync_timestamp_seconds workspace=a 0",
            "counter facteur_qonto_requests_total workspace=a 5", "counter facteur_qonto_requests_total workspace=b 7",
            "counter facteur_qonto_throttled_total workspace=a 0", "counter facteur_qonto_throttled_total workspace=b 1",
        ] {
            #expect(samples.contains(expected), "missing sample \(expected)\n\(parsed.stdout)")
        }
        // The queued message has waited from its queueing to the scrape, whenever the scrape ran
        // (a loaded machine may take minutes to get there: the bounds are measured, not assumed)
        let age = samples.first { $0.hasPrefix("gauge facteur_oldest_due_message_age_seconds workspace=b ") }
            .flatMap { Double($0.split(separator: " ").last ?? "") }
        let seconds = try #require(age, "no oldest-due age for b")
        #expect(seconds >= before.timeIntervalSince(queuedAt).rounded(.down) && seconds <= after.timeIntervalSince(queuedAt).rounded(.up),
                "age \(seconds) s is outside the scrape's window")
    }

    @Test func onceAPasswordIsSetMetricsNeedTheBearerTokenOrASession() async throws {
        let gateway = try GatewayHarness(["a", "b"])
        defer { gateway.remove() }
        let token = "0123456789abcdef0123456789abcdef"
        try gateway.gatewaySecrets.set(name: "metrics_token", value: token)
        let app = try await gateway.application(passwordHash: try PasswordHash.make(password: "correct horse battery"))
        try await app.test(.live) { client in
            let bare = try await client.executeRequest(uri: "/metrics", method: .get, headers: [:], body: nil)
            #expect(bare.status == .unauthorized)
            #expect(bare.headers[.wwwAuthenticate] == "Bearer realm=\"facteur\"")
            #expect(!String(buffer: bare.body).contains("facteur_"))
            let wrong = try await client.executeRequest(uri: "/metrics", method: .get,
                                                        headers: [.authorization: "Bearer \(token.dropLast())x"], body: nil)
            #expect(wrong.status == .unauthorized)
            let right = try await client.executeRequest(uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(token)"], body: nil)
            #expect(right.status == .ok)
            #expect(String(buffer: right.body).contains("facteur_queue_depth{workspace=\"b\"} 0.0"))
            // The token opens /metrics only, never a page
            let page = try await client.executeRequest(uri: "/w/a/", method: .get, headers: [.authorization: "Bearer \(token)"], body: nil)
            #expect(page.status == .seeOther)
            // A person logged in may read them too
            var browser = Browser(client)
            let csrf = try await browser.get("/login").csrfToken()
            try await browser.post("/login", form: [("csrf", csrf), ("password", "correct horse battery")])
            #expect(try await browser.get("/metrics").status == .ok)
        }
    }

    @Test func aMetricsTokenShorterThanSixteenCharactersIsNeverAccepted() async throws {
        let gateway = try GatewayHarness(["a", "b"])
        defer { gateway.remove() }
        try gateway.gatewaySecrets.set(name: "metrics_token", value: "short-token")
        let app = try await gateway.application(passwordHash: try PasswordHash.make(password: "correct horse battery"))
        try await app.test(.live) { client in
            let response = try await client.executeRequest(uri: "/metrics", method: .get,
                                                           headers: [.authorization: "Bearer short-token"], body: nil)
            #expect(response.status == .unauthorized)
        }
    }

    @Test func aScrapeUnderAForeignHostNameIsRefusedLikeAnyPage() async throws {
        let gateway = try GatewayHarness(["a", "b"])
        defer { gateway.remove() }
        let app = try await gateway.application()
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let response = try await CurlCLI.request(port: port, path: "/metrics", headers: ["Host: evil.example:\(port)"],
                                                     directory: gateway.directory.path)
            #expect(response.status == 421)
            #expect(!response.body.contains("facteur_"))
        }
    }

    @Test func aSingleCompanyInstallationServesItsMetricsAsTheDefaultWorkspace() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        try harness.seedFailedMessage(recordID: "rec-1")
        let app = try await harness.application()
        try await app.test(.live) { client in
            let response = try await client.executeRequest(uri: "/metrics", method: .get, headers: [:], body: nil)
            #expect(response.status == .ok)
            let text = String(buffer: response.body)
            #expect(text.contains("facteur_messages_failed{workspace=\"default\"} 1.0"))
            #expect(text.contains("facteur_problems_waiting{workspace=\"default\"} 1.0"))
        }
    }
}
