import Curl
import FacteurCore
import FacteurTesting
import Foundation
import QontoAPI
import QontoSandbox
import Testing

/// The real client over libcurl through the budget's per-workspace 401 cap and its stop check,
/// against the sandbox on 127.0.0.1.
@Suite struct ClientBudgetSandboxTests {
    static func client(_ sandbox: QontoSandbox, label: String, secret: String, budget: QontoRequestBudget,
                       clock: ManualClock) throws -> QontoClient {
        let settings = QontoSettings(apiURL: sandbox.baseURL, oauthURL: sandbox.baseURL, http: HTTPSettings(userAgent: "Facteur-tests"),
                                     label: label)
        return try QontoClient(settings: settings, credentials: .apiKey(login: "facteur-demo", secretKey: Secret(secret)),
                               budget: budget, sleep: clock.sleep)
    }

    @Test func aWorkspaceWithADeadKeyStopsCallingQontoAfterThree401s() async throws {
        let clock = ManualClock(start: Date().timeIntervalSince1970)
        let budget = QontoRequestBudget.onClock(clock, short: 15)
        try await SharedBudgetSandboxTests.withLimitedSandbox(clock) { sandbox in
            let codes = try await CurlWorker.run(name: "dead-key") { () throws -> [QontoError.Code] in
                // Given workspace "dead" whose key Qonto refuses
                let dead = try Self.client(sandbox, label: "dead", secret: "revoked-key", budget: budget, clock: clock)
                var codes: [QontoError.Code] = []
                // When its poll is run five times within the hour
                for _ in 0..<5 {
                    do { _ = try dead.get("/v2/supplier_invoices") } catch let error as QontoError { codes.append(error.code) }
                }
                // And another workspace polls with a good key, and "dead" gets a new key
                _ = try Self.client(sandbox, label: "healthy", secret: "sandbox-secret-key", budget: budget, clock: clock)
                    .get("/v2/supplier_invoices")
                _ = try Self.client(sandbox, label: "dead", secret: "sandbox-secret-key", budget: budget, clock: clock)
                    .get("/v2/supplier_invoices")
                return codes
            }
            // Then Qonto saw three 401s only: the next two were refused here, typed as credentials
            let requests = await sandbox.requests()
            #expect(codes == [.authentication, .authentication, .authentication, .credentialsBreaker, .credentialsBreaker])
            #expect(requests.filter { $0.status == 401 }.count == 3)
            #expect(requests.filter { $0.status == 200 }.count == 2)
            #expect(budget.counts()["dead"]?.unauthorized == 3 && budget.counts()["healthy"]?.requests == 1)
        }
    }

    @Test func aClientWaitingForItsTurnGivesUpWhenTheProcessStops() async throws {
        let clock = ManualClock(start: Date().timeIntervalSince1970)
        // Given one request per 10 minutes, taken by another workspace
        let budget = QontoRequestBudget.onClock(clock, short: 15, long: 1, longSeconds: 600)
        try budget.acquire(label: "backfill")
        let start = clock.now
        try await SharedBudgetSandboxTests.withLimitedSandbox(clock) { sandbox in
            let code = try await CurlWorker.run(name: "stopping") { () throws -> QontoError.Code? in
                let client = try Self.client(sandbox, label: "poll", secret: "sandbox-secret-key", budget: budget, clock: clock)
                // When the process is asked to stop 2 s into the client's wait
                client.shouldStop = { clock.now >= start + 2 }
                do { _ = try client.get("/v2/supplier_invoices") } catch let error as QontoError { return error.code }
                return nil
            }
            // Then the call ends within a second of it with `.stopped`, and nothing reached Qonto
            #expect(code == .stopped)
            #expect(clock.now - start < 3)
            #expect(await sandbox.requests().isEmpty)
        }
    }
}
