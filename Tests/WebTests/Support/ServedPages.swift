import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Testing
import Web
import FacteurTesting

/// Pages served for a real browser: the application run by a service group on 127.0.0.1 at the
/// free port it picked, until ``stop()`` shuts it down gracefully (``cancel()`` if a test ends
/// early). The set-up every Chromium test shares.
struct ServedPages {
    /// `http://127.0.0.1:<port>/`.
    let url: String
    private let services: ServiceGroup
    private let server: Task<Void, any Error>

    /// Builds the application with the port callback `make` is given, and serves it.
    /// - Parameters:
    ///   - label: The service group's logger label.
    ///   - make: Builds the application; passes the callback on as its `onServerRunning`.
    static func start(label: String,
                      _ make: (_ onServerRunning: @escaping @Sendable (Int) async -> Void) async throws
                          -> Application<RouterResponder<WebRequestContext>>) async throws -> ServedPages {
        let (ports, announce) = AsyncStream<Int>.makeStream()
        let app = try await make { port in
            announce.yield(port)
            announce.finish()
        }
        let services = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: Logger(label: label)))
        let server = Task { try await services.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            server.cancel()
            throw TestSupportError("the pages did not start")
        }
        return ServedPages(url: "http://127.0.0.1:\(port)/", services: services, server: server)
    }

    /// Shuts the pages down gracefully and waits for it.
    func stop() async throws {
        await services.triggerGracefulShutdown()
        try await server.value
    }

    /// Stops serving at once (a test that ends early).
    func cancel() { server.cancel() }
}
