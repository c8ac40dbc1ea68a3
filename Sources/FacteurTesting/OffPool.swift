public import Foundation

// The Swift concurrency pool is as wide as the machine has cores: two threads here and on CI.
// Sync test functions run on it too. One blocking call (waiting for a process, reading a pipe to
// its end, a libcurl transfer, a sleep, a semaphore, a lock file, a long CPU loop) takes one of
// the two threads; two at once stall every test of the process, and deadlock the ones whose
// in-process servers need the pool. Test support therefore runs all blocking work here.

/// Runs blocking work on a dedicated thread and awaits its result, so it never holds a thread of
/// the Swift concurrency pool.
///
/// Every blocking call in test code (processes, pipes, sleeps, semaphores, flock, long CPU work)
/// goes through this. A new thread per call: nothing is shared, so one call can never wait for
/// another (a bounded pool of workers could deadlock the way the cooperative pool does).
/// - Parameters:
///   - name: The thread's name, for gdb and `top -H`.
///   - body: The blocking work.
/// - Returns: What `body` returned.
/// - Throws: What `body` threw.
public func offPool<T: Sendable>(_ name: String = "facteur-test-blocking",
                                 _ body: @escaping @Sendable () throws -> T) async throws -> T {
    PoolWatchdog.start()
    return try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            nameCurrentThread(name)
            continuation.resume(with: Result { try body() })
        }
        thread.name = name
        thread.stackSize = 4 << 20
        thread.start()
    }
}

/// ``offPool(_:_:)`` for work that cannot throw.
public func offPool<T: Sendable>(_ name: String = "facteur-test-blocking",
                                 _ body: @escaping @Sendable () -> T) async -> T {
    PoolWatchdog.start()
    return await withCheckedContinuation { continuation in
        let thread = Thread {
            nameCurrentThread(name)
            continuation.resume(returning: body())
        }
        thread.name = name
        thread.stackSize = 4 << 20
        thread.start()
    }
}

/// Names the calling thread for the kernel (`/proc/self/task/<tid>/comm`, 15 bytes), as
/// `Thread.name` does not on Linux: a new thread otherwise inherits its creator's name, and one
/// made from a pool thread would pass for a pool thread in ``PoolWatchdog``'s samples.
func nameCurrentThread(_ name: String) {
    try? String(name.prefix(15)).write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
}

/// Polls `condition` every `interval` until it holds or `seconds` pass, sleeping with
/// `Task.sleep` (which frees the thread) between tries.
/// - Returns: Whether `condition` held (it is tried one last time at the deadline).
@discardableResult
public func eventually(seconds: Double, every interval: Duration = .milliseconds(100),
                       _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return try await condition()
}

/// Process helpers that wait off the pool.
extension Process {
    /// Waits for the process to exit without holding a pool thread.
    /// - Returns: Its termination status.
    @discardableResult
    public func waitForExit() async -> Int32 {
        let process = UncheckedBox(self)
        return await offPool("facteur-test-wait") {
            process.value.waitUntilExit()
            return process.value.terminationStatus
        }
    }

    /// SIGTERM now; a reaper thread sends SIGKILL if it still runs after `grace` seconds and
    /// collects it. Returns at once: fit for `defer` and `deinit`, which cannot await.
    public func terminateInBackground(grace: Double = 2) {
        guard isRunning else { return }
        terminate()
        let process = UncheckedBox(self)
        let thread = Thread {
            nameCurrentThread("facteur-test-reaper")
            let deadline = Date().addingTimeInterval(grace)
            while process.value.isRunning, Date() < deadline { usleep(20_000) }
            if process.value.isRunning { kill(process.value.processIdentifier, SIGKILL) }
            process.value.waitUntilExit()
        }
        thread.name = "facteur-test-reaper"
        thread.start()
    }
}

/// What a finished process printed, and how it ended.
public struct FinishedProcess: Sendable {
    /// Its termination status.
    public var status: Int32
    /// Everything it wrote to standard output (empty when not captured).
    public var stdout: Data
    /// Everything it wrote to standard error (empty when not captured).
    public var stderr: Data

    /// Standard output as UTF-8 text.
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    /// Standard error as UTF-8 text.
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

extension Process {
    /// Reads `stdout` then `stderr` to their end and waits for the exit, all on a dedicated
    /// thread (as `readDataToEndOfFile()` + `waitUntilExit()` did, without holding a pool thread).
    public func finish(stdout: Pipe? = nil, stderr: Pipe? = nil) async -> FinishedProcess {
        let box = UncheckedBox((self, stdout, stderr))
        return await offPool("facteur-test-process") {
            let (process, stdout, stderr) = box.value
            let out = stdout?.fileHandleForReading.readDataToEndOfFile() ?? Data()
            let err = stderr?.fileHandleForReading.readDataToEndOfFile() ?? Data()
            process.waitUntilExit()
            return FinishedProcess(status: process.terminationStatus, stdout: out, stderr: err)
        }
    }
}

/// Reads pipes to their end off the pool.
extension FileHandle {
    /// `readDataToEndOfFile()` on a dedicated thread.
    public func readToEndOffPool() async -> Data {
        let handle = UncheckedBox(self)
        return await offPool("facteur-test-read") { handle.value.readDataToEndOfFile() }
    }
}

/// Carries a value that is not `Sendable` (a `Process`, a client used by one thread at a time)
/// onto the thread of ``offPool(_:_:)``.
public final class UncheckedBox<Value>: @unchecked Sendable {
    // @unchecked: the value is handed over, then only used by the receiving thread (or by Process's
    // own thread-safe methods).
    /// The value.
    public let value: Value

    /// Wraps a value.
    public init(_ value: Value) { self.value = value }
}
