import Curl
import FacteurCore
import FacteurTesting
import Dispatch
import Foundation
import QontoAPI
import QontoSandbox
import Testing

/// Records the waits the client asks for instead of sleeping (a test double at the process edge: the clock).
final class SleepRecorder: @unchecked Sendable {
    // @unchecked: appended to from the one thread running the client.
    private(set) var waits: [Double] = []
    func sleep(_ seconds: Double) { waits.append(seconds) }
}

/// The real client over libcurl against the bundled sandbox over HTTP on 127.0.0.1.
@Suite(.serialized, .poolWatchdog) struct SandboxClientTests {
    static func withSandbox(_ adjust: (inout SandboxConfiguration) -> Void = { _ in },
                            _ body: (QontoSandbox) async throws -> Void) async throws {
        var configuration = SandboxConfiguration()
        configuration.dataset = .generated(seed: 11, invoicesPerYear: 15, years: 3)
        adjust(&configuration)
        let sandbox = try await QontoSandbox.start(configuration)
        do { try await body(sandbox) } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
    }

    static func settings(_ sandbox: QontoSandbox, perPage: Int = 100, stagingToken: String? = nil) -> QontoSettings {
        QontoSettings(apiURL: sandbox.baseURL, oauthURL: sandbox.baseURL, stagingToken: stagingToken.map(Secret.init),
                      http: HTTPSettings(userAgent: "Facteur-tests"), perPage: perPage)
    }

    static func apiKeyClient(_ sandbox: QontoSandbox, perPage: Int = 100, secret: String = "sandbox-secret-key",
                             recorder: SleepRecorder = SleepRecorder(), stagingToken: String? = nil) throws -> QontoClient {
        try QontoClient(settings: settings(sandbox, perPage: perPage, stagingToken: stagingToken),
                        credentials: .apiKey(login: "facteur-demo", secretKey: Secret(secret)), sleep: recorder.sleep)
    }

    /// Lists everything on a dedicated thread (libcurl blocks).
    static func listAll(_ client: QontoClient, _ kind: InvoiceKind = .supplier) async throws -> [QontoInvoice] {
        let box = ClientBox(client)
        return try await CurlWorker.run {
            var all: [QontoInvoice] = []
            try box.client.invoices(kind, updatedFrom: Date(timeIntervalSince1970: 0), to: Date().addingTimeInterval(60)) { all += $0 }
            return all
        }
    }

    @Test func aRecordChangingDuringTheWalkDoesNotMakeAnotherOneDisappear() async throws {
        try await Self.withSandbox { sandbox in
            // Given a walk in pages of 5, during which the first record seen changes (and leaves the range)
            let client = ClientBox(try Self.apiKeyClient(sandbox, perPage: 5))
            let all = try await Self.listAll(try Self.apiKeyClient(sandbox))
            let to = Date()  // the touched record's new updated_at falls after this bound
            let seen = try await CurlWorker.run {
                var ids: [String] = []
                var touched = false
                try client.client.invoices(.supplier, updatedFrom: Date(timeIntervalSince1970: 0), to: to) { page in
                    ids += page.map(\.id)
                    if !touched, let first = page.first {
                        touched = true
                        let semaphore = DispatchSemaphore(value: 0)
                        Task.detached {
                            await sandbox.touchInvoice(id: first.id, newAmount: nil)
                            semaphore.signal()
                        }
                        semaphore.wait()
                    }
                }
                return ids
            }
            // Then every record is still seen (the touched one once, before it changed)
            #expect(Set(seen) == Set(all.map(\.id)))
        }
    }

    @Test func paginationWalksPageToTheEndWithoutCurrentPage() async throws {
        try await Self.withSandbox { sandbox in
            let small = try await Self.listAll(try Self.apiKeyClient(sandbox, perPage: 7))
            let large = try await Self.listAll(try Self.apiKeyClient(sandbox, perPage: 100))
            #expect(small.count == large.count && small.count == 45)
            #expect(Set(small.map(\.id)).count == small.count)
            let requests = await sandbox.requests().filter { $0.path == "/v2/supplier_invoices" }
            // Keyset walk: ~45/7 requests of 7 (a little more for the records repeated at each cursor)
            #expect(requests.count >= 7 && requests.count <= 2 * 7 + 1)
            #expect(requests.allSatisfy { !$0.query.contains("current_page") })
            #expect(requests.allSatisfy { $0.query.contains("page=") && $0.query.contains("filter%5Bupdated_at_to%5D") || $0.query.contains("filter[updated_at_to]") })
        }
    }

    @Test func unknownFieldsAndStatusesAreTolerated() async throws {
        try await Self.withSandbox { sandbox in
            let invoices = try await Self.listAll(try Self.apiKeyClient(sandbox))
            let statuses = Set(invoices.compactMap(\.status))
            #expect(statuses.count >= 2)
            #expect(invoices.contains { String(decoding: $0.rawJSON, as: UTF8.self).contains("some_future_field") })
            #expect(invoices.allSatisfy { $0.amount == nil || $0.decimalAmount != nil })
        }
    }

    @Test func rateLimitHonoursRetryAfterOrBacksOff() async throws {
        try await Self.withSandbox { sandbox in
            let recorder = SleepRecorder()
            await sandbox.faults.tooManyRequests(next: 2, retryAfter: 3)
            _ = try await Self.listAll(try Self.apiKeyClient(sandbox, recorder: recorder))
            #expect(recorder.waits == [3, 3])
            let other = SleepRecorder()
            await sandbox.faults.tooManyRequests(next: 3, retryAfter: nil)
            _ = try await Self.listAll(try Self.apiKeyClient(sandbox, recorder: other))
            #expect(other.waits == [1, 2, 4])
        }
    }

    @Test func aShutdownEndsARetryAfterPauseWithinASecond() async throws {
        try await Self.withSandbox { sandbox in
            // Given Qonto asking for the longest pause it may ask (Retry-After is capped at 300 s)
            await sandbox.faults.tooManyRequests(next: 5, retryAfter: 300)
            let recorder = SleepRecorder()
            let client = try Self.apiKeyClient(sandbox, recorder: recorder)
            // When the process is asked to stop two seconds into the pause
            client.shouldStop = { recorder.waits.reduce(0, +) >= 2 }
            let box = ClientBox(client)
            let code = try await CurlWorker.run { () -> QontoError.Code? in
                do {
                    _ = try box.client.get("/v2/supplier_invoices")
                    return nil
                } catch let error as QontoError {
                    return error.code
                }
            }
            // Then the request gives up at once, as a shutdown, not after 300 s nor as a Qonto failure
            #expect(code == .stopped)
            #expect(recorder.waits == [1, 1])
        }
    }

    @Test func serverErrorsAreRetriedThenReported() async throws {
        try await Self.withSandbox { sandbox in
            let recorder = SleepRecorder()
            await sandbox.faults.serverError(next: 2, status: 503)
            _ = try await Self.listAll(try Self.apiKeyClient(sandbox, recorder: recorder))
            #expect(recorder.waits == [1, 2])
            await sandbox.faults.serverError(next: 10, status: 502)
            await #expect(throws: QontoError.self) { _ = try await Self.listAll(try Self.apiKeyClient(sandbox)) }
            await sandbox.faults.reset()
        }
    }

    @Test func wrongAPIKeyIsAnAuthenticationErrorWithoutTheSecret() async throws {
        try await Self.withSandbox { sandbox in
            do {
                _ = try await Self.listAll(try Self.apiKeyClient(sandbox, secret: "wrong-secret-123"))
                Issue.record("expected an authentication error")
            } catch let error as QontoError {
                #expect(error.code == .authentication && error.isAuthFailure)
                #expect(!error.message.contains("wrong-secret-123"))
            }
        }
    }

    @Test func aLoginPageInsteadOfJSONIsAClearError() async throws {
        try await Self.withSandbox({ $0.stagingToken = "staging-token-xyz" }) { sandbox in
            do {
                _ = try await Self.listAll(try Self.apiKeyClient(sandbox))
                Issue.record("expected a not-JSON error")
            } catch let error as QontoError {
                #expect(error.code == .notJSON)
                #expect(error.message.contains("qonto_staging_token"))
            }
            // And with the staging token it works
            #expect(try await Self.listAll(try Self.apiKeyClient(sandbox, stagingToken: "staging-token-xyz")).count == 45)
        }
    }
}

/// Carries a client into a worker thread (used there only).
final class ClientBox: @unchecked Sendable {
    // @unchecked: the client is created here and then used by exactly one thread.
    let client: QontoClient
    init(_ client: QontoClient) { self.client = client }
}

/// Transactions and the `current_page` trap, over real HTTP.
@Suite(.serialized) struct SandboxTransactionTests {
    @Test func transactionsOfEachAccountAreListedInCents() async throws {
        try await SandboxClientTests.withSandbox { sandbox in
            let box = ClientBox(try SandboxClientTests.apiKeyClient(sandbox, perPage: 10))
            let (accounts, transactions) = try await CurlWorker.run {
                let accounts = try box.client.bankAccounts()
                var all: [QontoTransaction] = []
                for account in accounts {
                    try box.client.transactions(bankAccountID: account.id, updatedFrom: Date(timeIntervalSince1970: 0),
                                                to: Date().addingTimeInterval(60)) { all += $0 }
                }
                return (accounts.map(\.id), all)
            }
            #expect(accounts.count == 2)
            #expect(transactions.count > 10)
            #expect(Set(transactions.map(\.id)).count == transactions.count)
            #expect(transactions.allSatisfy { ($0.amountCents ?? -1) >= 0 })
            #expect(Set(transactions.compactMap(\.status)).isSuperset(of: ["completed", "pending"]))
        }
    }

    @Test func currentPageIsIgnoredByTheAPIWhichIsWhyTheClientNeverSendsIt() async throws {
        try await SandboxClientTests.withSandbox { sandbox in
            let url = "\(sandbox.baseURL)/v2/supplier_invoices?per_page=5&current_page=3"
            let response = try await CurlWorker.run {
                try CurlHTTPClient(settings: HTTPSettings(userAgent: "Facteur-tests"))
                    .perform(HTTPRequest(url: url, headers: [("Authorization", "facteur-demo:sandbox-secret-key")]))
            }
            let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
            let meta = object?["meta"] as? [String: Any]
            // A client paginating with current_page would get page 1 forever
            #expect(meta?["current_page"] as? Int == 1)
            #expect(meta?["next_page"] as? Int == 2)
        }
    }
}
