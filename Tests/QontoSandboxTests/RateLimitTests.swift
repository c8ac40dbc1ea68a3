import Foundation
import QontoSandbox
import Testing

/// The per-address limit the sandbox can enforce, as Qonto's gateway does.
struct RateLimitTests {
    @Test func overTheLimitEveryClientGets429WithRetryAfterUntilTheWindowMoves() async throws {
        let clock = TestClock()
        try await withSandbox(clock: clock, configure: { $0.rateLimits = [SandboxRateLimit(requests: 3, seconds: 10)] }) { sandbox, http in
            // Given 3 requests admitted within 4 s, API and OAuth alike
            #expect(try await http.get("/v2/organization").status == 200)
            clock.advance(seconds: 2)
            #expect(try await http.get("/v2/supplier_invoices").status == 200)
            clock.advance(seconds: 2)
            #expect(try await http.get("/v2/organization", auth: "facteur-demo:wrong").status == 401)
            // When a fourth comes, from any client
            let refused = try await http.get("/v2/organization")
            // Then it gets 429 until the first one is 10 s old
            #expect(refused.status == 429 && refused.errorCode == "too_many_requests")
            #expect(refused.header("Retry-After") == "6")
            #expect(try await http.postForm("/oauth2/token", [("grant_type", "refresh_token")]).status == 429)
            clock.advance(seconds: 6)
            #expect(try await http.get("/v2/organization").status == 200)
            #expect(await sandbox.requests().map(\.status) == [200, 200, 401, 429, 429, 200])
        }
    }

    @Test func withoutLimitsNothingIsRefused() async throws {
        try await withSandbox { _, http in
            var statuses: [Int] = []
            for _ in 0..<30 { statuses.append(try await http.get("/v2/organization").status) }
            #expect(statuses == Array(repeating: 200, count: 30))
        }
    }

    @Test func qontosPublishedLimitsAreTheDocumentedOnes() {
        #expect(SandboxRateLimit.qonto == [SandboxRateLimit(requests: 1_000, seconds: 10), SandboxRateLimit(requests: 10_000, seconds: 600)])
    }
}
