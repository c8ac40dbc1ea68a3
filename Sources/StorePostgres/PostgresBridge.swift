import Foundation
import Store

/// Where the synchronous store façade meets PostgresNIO's async client. The façade is synchronous
/// on purpose (the pipelines are blocking code on dedicated threads, around libcurl; SQLite's GRDB
/// is the same), so each PostgreSQL operation runs as a task on a ``DedicatedExecutor`` and the
/// caller's thread waits for it. The client's own `run()` runs on the same executor
/// (``PostgresStoreConnection``), so no part of PostgreSQL's work needs the Swift concurrency pool
/// and a pool thread may call the façade like it calls GRDB.
struct PostgresBridge: Sendable {
    /// The executor every PostgreSQL task runs on.
    let executor: DedicatedExecutor

    /// Runs `body` on the executor and blocks the calling thread until it ends.
    /// - Throws: What `body` throws, mapped to ``StoreError``.
    func wait<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws(StoreError) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task(executorPreference: executor) {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        switch box.result! {
        case .success(let value): return value
        case .failure(let error as StoreError): throw error
        case .failure(let error): throw StoreError(postgres: error, while: "complete a store operation", location: nil)  // the module's mapping (no SQL text, no binds)
        }
    }
}

/// The result of a bridged task, written once by the task before it signals, read once after.
private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
