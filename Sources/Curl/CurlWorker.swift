import Foundation

/// Runs blocking work (libcurl transfers, the delivery loop) on a dedicated thread and awaits it,
/// so `curl_easy_perform` never blocks a thread of the Swift concurrency pool.
public enum CurlWorker {
    /// Runs `body` on a new thread and returns its result.
    /// - Parameters:
    ///   - name: The thread's name, for debuggers and `top -H`.
    ///   - body: The blocking work.
    /// - Returns: What `body` returned.
    /// - Throws: What `body` threw.
    public static func run<T: Sendable>(name: String = "facteur-curl",
                                        _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try body() })
            }
            thread.name = name
            thread.start()
        }
    }
}
