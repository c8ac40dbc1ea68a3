import Curl
import FacteurTesting
import Foundation
@testable import PennylaneAPI
import PennylaneSandbox
import Testing

/// One limiter per Pennylane token across the process: two workspaces sharing a firm-wide token
/// share its 25 requests per 5 s.
@Suite struct SharedTokenLimitTests {
    @Test func clientsOfOneTokenGetOneLimiterAndOtherTokensTheirOwn() throws {
        let registry = PennylaneLimiterRegistry()
        #expect(registry.limiter(forToken: "firm-token") === registry.limiter(forToken: "firm-token"))
        #expect(registry.limiter(forToken: "firm-token") !== registry.limiter(forToken: "company-token"))
        #expect(registry.count == 2)
        // The key is a hash of the token, not the token
        #expect(PennylaneLimiterRegistry.key("firm-token") == PennylaneLimiterRegistry.key("firm-token"))
        #expect(PennylaneLimiterRegistry.key("firm-token") != PennylaneLimiterRegistry.key("company-token"))
    }

    @Test func aClientBuiltWithoutALimiterUsesTheProcesssOneForItsToken() throws {
        let http = HTTPSettings(userAgent: "Facteur-tests")
        let token = "shared-token-\(UUID().uuidString)"
        let first = try PennylaneClient(settings: PennylaneSettings(apiURL: "http://127.0.0.1:9", token: token, http: http))
        let second = try PennylaneClient(settings: PennylaneSettings(apiURL: "http://127.0.0.1:9", token: token, http: http))
        let other = try PennylaneClient(settings: PennylaneSettings(apiURL: "http://127.0.0.1:9", token: token + "-other", http: http))
        #expect(first.limiter === second.limiter)
        #expect(first.limiter === PennylaneLimiterRegistry.shared.limiter(forToken: token))
        #expect(first.limiter !== other.limiter)
    }

    /// Two workspaces' clients of one token list 30 suppliers each, one after the other, against
    /// the sandbox's 25 per 5 s on the same manual clock.
    private func listTwice(limiters: (PennylaneRateLimiter, PennylaneRateLimiter), clock: ManualClock,
                           sandbox: PennylaneSandbox) async throws -> [Int] {
        let first = try Harness.client(sandbox, pageSize: 1, limiter: limiters.0, sleep: clock.sleep)
        let second = try Harness.client(sandbox, pageSize: 1, limiter: limiters.1, sleep: clock.sleep)
        return try await Harness.run {
            var counts: [Int] = []
            for box in [first, second] {
                var count = 0
                try box.client.suppliers { count += $0.count }
                counts.append(count)
            }
            return counts
        }
    }

    @Test func twoWorkspacesSharingAFirmWideTokenNeverMeetA429() async throws {
        let clock = ManualClock(start: 1_800_000_000)
        try await Harness.withSandbox({ configuration in
            configuration.dataset = PennylaneDataset(suppliers: PennylaneDataset.numberedSuppliers(30))
            configuration.now = { clock.date }
        }) { sandbox in
            // Given the process's registry, on the sandbox's clock
            let registry = PennylaneLimiterRegistry(makeLimiter: { PennylaneRateLimiter(now: { clock.now }) })
            let token = PennylaneSandboxConfiguration.defaultToken
            // When two workspaces with the same token each list 30 suppliers
            let counts = try await listTwice(limiters: (registry.limiter(forToken: token), registry.limiter(forToken: token)),
                                             clock: clock, sandbox: sandbox)
            // Then both finish without a single 429
            #expect(counts == [30, 30])
            #expect(await sandbox.requests().allSatisfy { $0.status == 200 })
        }
    }

    @Test func twoLimitersForOneTokenMeet429s() async throws {
        let clock = ManualClock(start: 1_800_000_000)
        try await Harness.withSandbox({ configuration in
            configuration.dataset = PennylaneDataset(suppliers: PennylaneDataset.numberedSuppliers(30))
            configuration.now = { clock.date }
        }) { sandbox in
            // Given the old wiring: each client its own limiter, though the token is the same
            let counts = try await listTwice(limiters: (PennylaneRateLimiter(now: { clock.now }), PennylaneRateLimiter(now: { clock.now })),
                                             clock: clock, sandbox: sandbox)
            // Then the second one starts a fresh 25 inside the first one's window and meets 429s
            #expect(counts == [30, 30])
            #expect(await sandbox.requests().contains { $0.status == 429 })
        }
    }
}
