import Foundation
import QontoSandbox

/// A clock the test moves by hand, injected as ``SandboxConfiguration/now``.
///
/// `@unchecked Sendable` is safe: `current` is only read and written under `lock`.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    /// Starts at a fixed instant, so generated data are the same on every run.
    init(_ start: Date = Date(timeIntervalSince1970: 1_780_000_000)) { current = start }

    var now: Date { lock.withLock { current } }

    func advance(seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// Starts a sandbox for one test, hands it a raw HTTP client, and always stops it.
///
/// The default dataset is small (24 supplier invoices over one year) to keep tests quick.
func withSandbox<T>(clock: TestClock = TestClock(), invoicesPerYear: Int = 24, years: Int = 1,
                    configure: (inout SandboxConfiguration) -> Void = { _ in },
                    _ body: (QontoSandbox, RawHTTP) async throws -> T) async throws -> T {
    var configuration = SandboxConfiguration()
    configuration.dataset = .generated(seed: 42, invoicesPerYear: invoicesPerYear, years: years)
    configuration.now = { clock.now }
    configure(&configuration)
    let sandbox = try await QontoSandbox.start(configuration)
    do {
        let result = try await body(sandbox, RawHTTP(port: sandbox.port))
        await sandbox.stop()
        return result
    } catch {
        await sandbox.stop()
        throw error
    }
}

extension RawHTTP.Reply {
    /// The items of a list envelope.
    func items(_ key: String) -> [[String: Any]] { json[key] as? [[String: Any]] ?? [] }

    /// The `meta` block of a list envelope.
    var meta: [String: Any] { json["meta"] as? [String: Any] ?? [:] }
}

/// Percent-encodes brackets the way libcurl-based clients do (`filter%5Bstatus%5D`).
func bracketsEncoded(_ name: String) -> String {
    name.replacingOccurrences(of: "[", with: "%5B").replacingOccurrences(of: "]", with: "%5D")
}
