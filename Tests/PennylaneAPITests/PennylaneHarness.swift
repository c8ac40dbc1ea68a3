import Curl
import Foundation
import PennylaneAPI
import PennylaneSandbox

/// Records the waits the client asks for instead of sleeping.
final class SleepRecorder: @unchecked Sendable {
    // @unchecked: appended to from the one thread running the client.
    private(set) var waits: [Double] = []
    func sleep(_ seconds: Double) { waits.append(seconds) }
}

/// Carries a client (not Sendable: one thread at a time) onto the libcurl worker thread.
final class ClientBox: @unchecked Sendable {
    let client: PennylaneClient
    init(_ client: PennylaneClient) { self.client = client }
}

enum Harness {
    static func withSandbox(_ adjust: (inout PennylaneSandboxConfiguration) -> Void = { _ in },
                            _ body: (PennylaneSandbox) async throws -> Void) async throws {
        var configuration = PennylaneSandboxConfiguration()
        adjust(&configuration)
        let sandbox = try await PennylaneSandbox.start(configuration)
        do { try await body(sandbox) } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
    }

    static func client(_ sandbox: PennylaneSandbox, token: String = PennylaneSandboxConfiguration.defaultToken,
                       pageSize: Int = 100, changelogPageSize: Int = 1000,
                       limiter: PennylaneRateLimiter = PennylaneRateLimiter(),
                       sleep: @escaping (Double) -> Void) throws -> ClientBox {
        let settings = PennylaneSettings(apiURL: sandbox.baseURL, token: token, http: HTTPSettings(userAgent: "Facteur-tests"),
                                         pageSize: pageSize, changelogPageSize: changelogPageSize)
        return ClientBox(try PennylaneClient(settings: settings, limiter: limiter, sleep: sleep))
    }

    /// Runs blocking client work on its own thread (never on the cooperative pool, which serves the sandbox).
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await CurlWorker.run(name: "pennylane-test", body)
    }

    /// The error a blocking call threw, as a ``PennylaneError`` (nil if it succeeded or threw something else).
    static func error(_ body: @escaping @Sendable () throws -> Void) async -> PennylaneError? {
        do {
            try await run(body)
            return nil
        } catch {
            return error as? PennylaneError
        }
    }
}
