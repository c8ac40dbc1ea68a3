// QontoSandbox: a Qonto-shaped Business API and OAuth server on loopback, for `facteur sandbox`,
// the demo and the tests of the real Qonto client. It stands apart in the architecture: it imports
// Hummingbird only and shares no code with `QontoAPI` on purpose — shared DTOs would hide the very
// decoding bugs it exists to catch. Its wire format follows shared/reference/qonto-api.md.
import Foundation
import Hummingbird
import Logging
import NIOCore

/// A running Qonto sandbox: the Business API (`/v2/…`), the OAuth server (`/oauth2/…`), presigned
/// attachment downloads (`/files/…`) and admin switches (`/_sandbox/…`) on one loopback port.
///
/// ```swift
/// var configuration = SandboxConfiguration()
/// configuration.dataset = .generated(seed: 7, invoicesPerYear: 20, years: 1)
/// let sandbox = try await QontoSandbox.start(configuration)
/// defer { Task { await sandbox.stop() } }   // or call stop() at the end of the test
/// // point the client at sandbox.baseURL with "Authorization: facteur-demo:sandbox-secret-key"
/// await sandbox.faults.tooManyRequests(next: 1, retryAfter: 1)
/// ```
///
/// - Important: It serves invented data with public test credentials: bind it to loopback only.
public final class QontoSandbox: Sendable {
    /// The TCP port it listens on (the one picked when the configuration said `0`).
    public let port: Int
    /// `http://<host>:<port>`: the API base (paths `/v2/…`) and the OAuth base (`/oauth2/…`).
    public let baseURL: String
    /// Fault switches for the next calls.
    public let faults: SandboxFaults

    let state: SandboxState
    let oauth: OAuthAuthority
    private let server: Task<Void, any Error>

    private init(port: Int, baseURL: String, faults: SandboxFaults, state: SandboxState, oauth: OAuthAuthority,
                 server: Task<Void, any Error>) {
        self.port = port
        self.baseURL = baseURL
        self.faults = faults
        self.state = state
        self.oauth = oauth
        self.server = server
    }

    /// Builds the dataset, starts the HTTP server and returns once it is listening.
    /// - Throws: ``SandboxError`` when a dataset directory cannot be read or the port cannot be bound.
    public static func start(_ configuration: SandboxConfiguration) async throws -> QontoSandbox {
        let dataset = try makeDataset(configuration)
        let clock = configuration.now
        let state = SandboxState(dataset: dataset, clock: { Instant(clock()) })
        let oauth = OAuthAuthority(configuration: configuration)
        let faults = SandboxFaults(oauth: oauth)
        // The base URL is known only once the port is; routes read it through this box.
        let base = BaseURLBox()

        let router = Router(context: BasicRequestContext.self)
        let rateLimiter = SandboxRateLimiter(limits: configuration.rateLimits)
        router.add(middleware: SandboxMiddleware(state: state, faults: faults, oauth: oauth, configuration: configuration,
                                                 rateLimiter: rateLimiter))
        BusinessAPIRoutes(state: state, configuration: configuration).addRoutes(to: router)
        AttachmentRoutes(state: state, faults: faults, configuration: configuration, baseURL: { base.value }).addRoutes(to: router)
        OAuthRoutes(oauth: oauth).addRoutes(to: router)
        AdminRoutes(state: state, faults: faults, oauth: oauth).addRoutes(to: router)

        var logger = Logger(label: "qonto-sandbox")
        // Quiet by default: `facteur sandbox` promises one line on stdout, and tests stay readable.
        logger.logLevel = .critical
        let (listening, announce) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                announce.yield(channel.localAddress?.port ?? 0)
                announce.finish()
            },
            logger: logger)
        let server = Task {
            defer { announce.finish() }
            try await app.run()
        }
        var iterator = listening.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            server.cancel()
            let failure = await server.result
            if case .failure(let error) = failure { throw SandboxError("the sandbox could not listen on \(configuration.host):\(configuration.port): \(error)") }
            throw SandboxError("the sandbox stopped before listening on \(configuration.host):\(configuration.port)")
        }
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        base.value = "http://\(host):\(port)"
        return QontoSandbox(port: port, baseURL: base.value, faults: faults, state: state, oauth: oauth, server: server)
    }

    // A forgotten `stop()` must not leave a server running for the rest of the process.
    deinit {
        server.cancel()
    }

    /// Stops the server and waits until it has closed its port.
    public func stop() async {
        server.cancel()
        _ = await server.result
    }

    /// Bumps an invoice's `updated_at` to now (strictly later than before) and, with `newAmount`
    /// (a decimal string such as `"12.34"`), sets `total_amount.value` and rescales the tax split,
    /// so the attachment's PDF changes too. Works for supplier and client invoice ids; unknown ids
    /// are ignored.
    public func touchInvoice(id: String, newAmount: String?) async {
        await state.touchInvoice(id: id, newAmount: newAmount)
    }

    /// The requests received so far, oldest first (admin routes excluded, secrets redacted).
    public func requests() async -> [SandboxRequest] {
        await state.requests
    }

    /// Forgets the recorded requests.
    public func clearRequests() async {
        await state.clearRequests()
    }

    /// The authorization code that the last `/oauth2/auth` call with this `state` issued, so a
    /// test can finish the flow without a browser.
    public func issuedAuthorizationCode(state: String) async -> String? {
        await oauth.code(forState: state)
    }

    /// The bank account ids, main account first (for `GET /v2/transactions?bank_account_id=`).
    public func bankAccountIDs() async -> [String] {
        let accounts = await state.organization["bank_accounts"]?.arrayValue ?? []
        let sorted = accounts.filter { $0["main"] == .bool(true) } + accounts.filter { $0["main"] != .bool(true) }
        return sorted.compactMap { $0["id"]?.stringValue }
    }

    static func makeDataset(_ configuration: SandboxConfiguration) throws -> Dataset {
        switch configuration.dataset {
        case .generated(let seed, let invoicesPerYear, let years):
            var generator = DatasetGenerator(seed: seed, invoicesPerYear: invoicesPerYear, years: years,
                                             now: Instant(configuration.now()), slug: configuration.organizationSlug)
            return generator.make()
        case .directory(let path):
            return try DatasetDirectory.load(path)
        }
    }
}

/// Why the sandbox could not start or export.
public struct SandboxError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, for a person.
    public var description: String

    init(_ description: String) { self.description = description }
}

extension SandboxConfiguration {
    /// The organisation slug: the first API-key login in alphabetical order.
    var organizationSlug: String { apiKeys.keys.sorted().first ?? "facteur-demo" }
}

/// Holds the base URL, written once before the first request can need it.
///
/// `@unchecked Sendable` is safe: `value` is written by `start` before the sandbox is returned,
/// and the lock orders that write before any route's read.
private final class BaseURLBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = ""
    var value: String {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
