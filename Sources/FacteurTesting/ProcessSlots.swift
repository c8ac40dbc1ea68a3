import Foundation
public import Testing

/// A limit on how many tests that start processes (the `facteur` binary, python's SMTP server,
/// the sandbox, curl, sqlite3) run at once.
///
/// Once their waits left the concurrency pool (``offPool(_:_:)``), nothing bounded those tests
/// any more: Swift Testing starts every test at once, and a 2-core machine ran some sixty
/// processes together (load 68), so timeouts that measure the product (a 10 s SMTP timeout on a
/// 3 MB message, a daemon's clean stop) fired for want of CPU. Waiting for a slot suspends the
/// test's task; it never blocks a thread.
public final class ProcessSlots: @unchecked Sendable {
    // @unchecked: every mutable field is guarded by `lock`.

    /// The slots shared by every process-heavy test of the run.
    public static let shared = ProcessSlots(width: width())

    private let lock = NSLock()
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Creates a limit of `width` slots.
    public init(width: Int) { free = max(1, width) }

    /// `FACTEUR_PROCESS_TESTS` if set, else four.
    static func width() -> Int {
        ProcessInfo.processInfo.environment["FACTEUR_PROCESS_TESTS"].flatMap { Int($0) } ?? 4
    }

    /// Takes a slot, suspending (not blocking) until one is free.
    public func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let granted = lock.withLock {
                if free > 0 {
                    free -= 1
                    return true
                }
                waiting.append(continuation)
                return false
            }
            if granted { continuation.resume() }
        }
    }

    /// Gives a slot back (to the longest waiter, if any).
    public func release() {
        let next: CheckedContinuation<Void, Never>? = lock.withLock {
            if waiting.isEmpty {
                free += 1
                return nil
            }
            return waiting.removeFirst()
        }
        next?.resume()
    }
}

/// Runs each test of a suite in one of the ``ProcessSlots``: `@Suite(.processHeavy)`.
public struct ProcessHeavyTrait: SuiteTrait, TestTrait, TestScoping {
    /// Every test of the suite, and of its nested suites, takes a slot.
    public var isRecursive: Bool { true }

    /// Takes a slot for each test case (not for the suite itself, which would hold one for
    /// as long as all its tests run).
    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        guard testCase != nil else { return try await function() }
        await ProcessSlots.shared.acquire()
        defer { ProcessSlots.shared.release() }
        try await function()
    }
}

extension Trait where Self == ProcessHeavyTrait {
    /// The suite's tests start processes: at most a few such tests run at once.
    public static var processHeavy: Self { ProcessHeavyTrait() }
}
