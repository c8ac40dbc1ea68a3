import Curl

/// Where FacteurApp runs blocking work (libcurl, SQLite writes in the delivery loop, file I/O):
/// a dedicated thread, never the Swift concurrency pool.
enum BlockingThread {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await CurlWorker.run(name: "facteur-delivery", body)
    }
}
