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

    /// How long a call may wait for PostgreSQL (``wait(_:)``). PostgresNIO's pool keeps a request
    /// waiting for a connection while the server is unreachable, for up to 60 s, with no setting
    /// to shorten it; the pipelines' threads must not hang that long on a database that is down.
    var timeout: Duration = .seconds(10)

    /// How long a call whose work grows with the data may take (a window's commit of hundreds of
    /// records, verifying a ten-year mail log, a ledger replaced whole, the migrations): these are
    /// not waits for a server that is down but work of their own, and cutting them at ``timeout``
    /// would fail the same window at every poll on a slower link.
    static let longOperation: Duration = .seconds(300)

    /// Runs `body` on the executor and blocks the calling thread until it ends, or for at most
    /// ``timeout``.
    /// - Throws: What `body` throws, mapped to ``StoreError``; `.database` on timeout.
    func wait<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws(StoreError) -> T {
        try wait(timeout: timeout, body)
    }

    /// Runs `body` on the executor and blocks the calling thread until it ends, or until
    /// `timeout` passes: then the task is cancelled, which withdraws its wait for a pooled
    /// connection or closes the connection its statement runs on (``PostgresStoreConnection``'s
    /// `transaction` and `rows`), so the server rolls its open transaction back. The task then
    /// ends at once, and the caller gets its true outcome: the value if it completed (its commit
    /// got through just in time), else the timeout error, with nothing applied.
    /// - Throws: What `body` throws, mapped to ``StoreError``; `.database` on timeout.
    func wait<T: Sendable>(timeout: Duration, _ body: @escaping @Sendable () async throws -> T) throws(StoreError) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let task = Task(executorPreference: executor) {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        if done.wait(timeout: .now() + seconds) == .timedOut {
            task.cancel()
            guard done.wait(timeout: .now() + 5) == .success else {
                throw StoreError(.database, "PostgreSQL did not answer within \(Self.format(seconds)), and the operation "
                    + "did not stop when abandoned: its outcome is unknown")
            }
            if case .success(let value) = box.result! { return value }
            throw StoreError(.database, "PostgreSQL did not answer within \(Self.format(seconds)) (is the server down, "
                + "or a lock held for long?); the operation was abandoned and nothing of it was applied")
        }
        switch box.result! {
        case .success(let value): return value
        case .failure(let error as StoreError): throw error
        case .failure(let error): throw StoreError(postgres: error, while: "complete a store operation", location: nil)  // the module's mapping (no SQL text, no binds)
        }
    }

    /// `10 s`, `0.5 s`.
    private static func format(_ seconds: Double) -> String {
        seconds.rounded() == seconds ? "\(Int(seconds)) s" : "\(seconds) s"
    }
}

/// The result of a bridged task, written once by the task before it signals, read once after.
private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
