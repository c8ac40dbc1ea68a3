// PennylaneSandbox: a Pennylane-API-v2-shaped server on loopback for the tests of the real
// Pennylane client (and demos). Like QontoSandbox it imports Hummingbird only and shares no code
// with `PennylaneAPI` on purpose: shared DTOs would hide the decoding bugs it exists to catch.
// Its wire format follows shared/reference/pennylane.md §2 and Pennylane's v2 reference.
import Foundation
import Hummingbird
import Logging

/// A running Pennylane sandbox: `/api/external/v2/{suppliers,customers,supplier_invoices}` (lists
/// and single records), `/api/external/v2/changelogs/{resource}`, and admin routes `/_sandbox/…`.
///
/// ```swift
/// var configuration = PennylaneSandboxConfiguration()
/// configuration.dataset = PennylaneDataset(suppliers: PennylaneDataset.numberedSuppliers(45))
/// let sandbox = try await PennylaneSandbox.start(configuration)
/// // point the client at sandbox.baseURL with "Authorization: Bearer pennylane-sandbox-token"
/// await sandbox.tooManyRequests(next: 1, retryAfter: 2)
/// await sandbox.stop()
/// ```
///
/// Behaviour: Bearer tokens from the configuration (unknown → 401 `{"error", "status"}`, missing
/// scope → 403 naming it); 25 requests per 5 s per token (→ 429 with `retry-after`); cursor
/// pagination with opaque cursors; the `filter` JSON-array parameter (see ``PennylaneFilter`` in
/// PennylaneAPI for the client side); changelogs kept four weeks, `start_date` older → 422,
/// `start_date` with `cursor` → 400.
///
/// - Important: It serves invented data with a public test token: bind it to loopback only.
public final class PennylaneSandbox: Sendable {
    /// The path of the API base on the server.
    public static let apiPrefix = "/api/external/v2"
    /// The TCP port it listens on (the one picked when the configuration said `0`).
    public let port: Int
    /// `http://<host>:<port>/api/external/v2`: the client's `apiURL`.
    public let baseURL: String
    /// `http://<host>:<port>`: for the admin routes.
    public let rootURL: String

    let store: SandboxStore
    private let server: Task<Void, any Error>

    private init(port: Int, rootURL: String, store: SandboxStore, server: Task<Void, any Error>) {
        self.port = port
        self.rootURL = rootURL
        baseURL = rootURL + Self.apiPrefix
        self.store = store
        self.server = server
    }

    /// Loads the dataset, starts the HTTP server and returns once it is listening.
    /// - Throws: ``PennylaneSandboxError`` when the port cannot be bound.
    public static func start(_ configuration: PennylaneSandboxConfiguration = PennylaneSandboxConfiguration()) async throws -> PennylaneSandbox {
        let store = SandboxStore(configuration: configuration)
        let base = BaseURLBox()
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: SandboxMiddleware(store: store, configuration: configuration))
        APIRoutes(store: store, configuration: configuration, baseURL: { base.value }).addRoutes(to: router)
        AdminRoutes(store: store).addRoutes(to: router)

        var logger = Logger(label: "pennylane-sandbox")
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
            if case .failure(let error) = await server.result {
                throw PennylaneSandboxError("the Pennylane sandbox could not listen on \(configuration.host):\(configuration.port): \(error)")
            }
            throw PennylaneSandboxError("the Pennylane sandbox stopped before listening on \(configuration.host):\(configuration.port)")
        }
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        let root = "http://\(host):\(port)"
        base.value = root + apiPrefix
        return PennylaneSandbox(port: port, rootURL: root, store: store, server: server)
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

    /// Adds or replaces a supplier by id and logs an `insert` or `update` change at the sandbox's now.
    public func add(_ supplier: PennylaneDataset.Supplier) async { await store.upsert(supplier) }

    /// Adds or replaces a customer by id and logs the change.
    public func add(_ customer: PennylaneDataset.Customer) async { await store.upsert(customer) }

    /// Adds or replaces a supplier invoice by id and logs the change.
    public func add(_ invoice: PennylaneDataset.SupplierInvoice) async { await store.upsert(invoice) }

    /// Appends a changelog event as given (e.g. a `delete`, or one at a chosen time).
    public func add(_ change: PennylaneDataset.Change) async { await store.insert(change) }

    /// The next `count` API responses are `429 Too Many Requests`, with `retry-after: <seconds>`
    /// when `retryAfter` is not nil (before the token is even checked).
    public func tooManyRequests(next count: Int, retryAfter: Int?) async {
        await store.forceTooManyRequests(next: count, retryAfter: retryAfter)
    }

    /// The API requests received so far, oldest first (admin routes excluded, tokens never kept).
    public func requests() async -> [PennylaneSandboxRequest] { await store.requests }

    /// Forgets the recorded requests.
    public func clearRequests() async { await store.clearRequests() }
}

/// Why the sandbox could not start.
public struct PennylaneSandboxError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, for a person.
    public var description: String

    init(_ description: String) { self.description = description }
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
