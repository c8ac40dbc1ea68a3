import Curl
import FacteurCore
import FacteurTesting
import Foundation
import QontoAPI
import QontoSandbox
import Testing

/// Several workspaces' clients, one process, one address: the real clients over libcurl against a
/// sandbox on 127.0.0.1 that enforces a per-address limit (20 per 10 s) on the same manual clock
/// as the budget.
@Suite struct SharedBudgetSandboxTests {
    static let labels = ["alpha", "beta", "gamma"]
    /// The sandbox's limit: 20 per 10 s (Qonto's 1,000 scaled down).
    static let sandboxLimit = SandboxRateLimit(requests: 20, seconds: 10)

    /// Starts a sandbox limited to ``sandboxLimit`` on `clock`, with about 9 supplier invoices.
    static func withLimitedSandbox(_ clock: ManualClock, _ body: (QontoSandbox) async throws -> Void) async throws {
        var configuration = SandboxConfiguration()
        configuration.dataset = .generated(seed: 23, invoicesPerYear: 9, years: 1)
        configuration.rateLimits = [sandboxLimit]
        configuration.now = { clock.date }
        let sandbox = try await QontoSandbox.start(configuration)
        do { try await body(sandbox) } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
    }

    /// Lists every supplier invoice with one client per label, all at once, each on its own thread;
    /// returns the ids each label saw.
    static func listTogether(_ sandbox: QontoSandbox, clock: ManualClock,
                             budget: (String) -> QontoRequestBudget) async throws -> [String: [String]] {
        let to = clock.date.addingTimeInterval(86_400)
        let boxes = try labels.map { label in
            let settings = QontoSettings(apiURL: sandbox.baseURL, oauthURL: sandbox.baseURL, http: HTTPSettings(userAgent: "Facteur-tests"),
                                         perPage: 1, label: label)
            return ClientBox(try QontoClient(settings: settings, credentials: .apiKey(login: "facteur-demo", secretKey: Secret("sandbox-secret-key")),
                                             budget: budget(label), sleep: clock.sleep))
        }
        return try await withThrowingTaskGroup(of: (String, [String]).self) { group in
            for box in boxes {
                group.addTask {
                    try await CurlWorker.run(name: "budget-\(box.client.settings.label)") {
                        var ids: [String] = []
                        try box.client.invoices(.supplier, updatedFrom: Date(timeIntervalSince1970: 0), to: to) { ids += $0.map(\.id) }
                        return (box.client.settings.label, ids)
                    }
                }
            }
            var seen: [String: [String]] = [:]
            for try await (label, ids) in group { seen[label] = ids }
            return seen
        }
    }

    /// The most requests the sandbox admitted in any `seconds`, by its own arrival times.
    static func peak(_ requests: [SandboxRequest], within seconds: Double) -> Int {
        let times = requests.filter { $0.status != 429 }.map(\.receivedAt.timeIntervalSince1970).sorted()
        var peak = 0, first = 0
        for (index, time) in times.enumerated() {
            while times[first] <= time - seconds { first += 1 }
            peak = max(peak, index - first + 1)
        }
        return peak
    }

    @Test func workspacesListingTogetherThroughOneBudgetNeverMeetA429() async throws {
        let clock = ManualClock(start: Date().timeIntervalSince1970)
        // Given one budget for the process, set to the sandbox's 20 per 10 s less one request in
        // flight per client (the budget counts a request when it lets it go, the sandbox when it arrives)
        let budget = QontoRequestBudget.onClock(clock, short: Self.sandboxLimit.requests - Self.labels.count)
        try await Self.withLimitedSandbox(clock) { sandbox in
            // When three workspaces' clients list their invoices a page of 1 at a time, all at once
            let seen = try await Self.listTogether(sandbox, clock: clock, budget: { _ in budget })
            // Then every client saw the same invoices, the sandbox never answered 429, and it
            // admitted at most 20 requests in any 10 s, though more than 20 were needed
            let requests = await sandbox.requests()
            #expect(seen.count == 3 && Set(seen.values.map { Set($0) }).count == 1 && seen["alpha"]?.isEmpty == false)
            #expect(requests.count > Self.sandboxLimit.requests)
            #expect(requests.filter { $0.status == 429 }.isEmpty, "the sandbox answered 429")
            #expect(requests.allSatisfy { $0.status == 200 })
            #expect(Self.peak(requests, within: 10) <= Self.sandboxLimit.requests)
            #expect(!clock.sleeps.isEmpty, "\(requests.count) requests cannot go out without waiting")
            // And the counts for /metrics add up to what the sandbox received, per workspace
            let counts = budget.counts()
            #expect(counts.values.map(\.requests).reduce(0, +) == requests.count)
            #expect(Set(counts.keys) == Set(Self.labels) && counts.values.allSatisfy { $0.throttled == 0 && $0.requests > 0 })
        }
    }

    @Test func workspacesThatEachPaceThemselvesMeet429sTogether() async throws {
        let clock = ManualClock(start: Date().timeIntervalSince1970)
        // Given the old design: each client its own budget, each within the limit on its own
        let budgets = Dictionary(uniqueKeysWithValues: Self.labels.map {
            ($0, QontoRequestBudget.onClock(clock, short: Self.sandboxLimit.requests - Self.labels.count))
        })
        try await Self.withLimitedSandbox(clock) { sandbox in
            // When they list together
            let seen = try await Self.listTogether(sandbox, clock: clock, budget: { budgets[$0]! })
            // Then the address goes over the limit: the sandbox answers 429, the clients honour
            // Retry-After and count it, and still see every invoice
            let requests = await sandbox.requests()
            let throttled = requests.filter { $0.status == 429 }.count
            #expect(throttled > 0)
            #expect(budgets.values.map { $0.counts().values.map(\.throttled).reduce(0, +) }.reduce(0, +) == throttled)
            #expect(seen.count == 3 && Set(seen.values.map { Set($0) }).count == 1)
        }
    }
}
