import Foundation
public import Testing

/// Watches the Swift concurrency pool during a test run and fails the run if blocking work ever
/// holds it.
///
/// A dedicated thread enqueues a tiny task on the global executor every half second and waits
/// for it to run. If it has not run within ``threshold`` seconds, the pool is stalled, and the
/// watchdog samples its threads (Linux names them `…default-qos`) in `/proc/self/task` every
/// half second until the probe runs:
/// - **blocked**: no pool thread was runnable in most samples — they sleep in a wait (a process,
///   a pipe, a semaphore, `usleep`, libcurl): the bug ``offPool(_:_:)`` exists to prevent. At exit
///   the run fails (status 1), so `swift test` and CI fail even if every test passed.
/// - **busy**: pool threads were runnable — CPU work queued ahead of the probe (hundreds of tests
///   starting at once on two cores). Printed, not failed: no test blocks, they wait their turn.
///
/// Every stall is printed to standard error when seen and when it ends, with its duration, and
/// summed up at exit. It is cheap (one sleeping thread, one empty task per half second) and
/// measures no test's speed. It starts when a suite with the ``Trait/poolWatchdog`` trait is
/// planned, or on first use of test support. `FACTEUR_POOL_WATCHDOG=report` prints without
/// failing the run.
public final class PoolWatchdog: @unchecked Sendable {
    // @unchecked: every mutable field is guarded by `condition`.

    /// One stall: when it began (seconds since the watchdog started), how long it lasted, and
    /// whether the pool threads were blocked rather than busy.
    public struct Stall: Sendable, CustomStringConvertible {
        /// When the unanswered probe was enqueued, in seconds since the watchdog started.
        public var start: Double
        /// How long the pool took to run it.
        public var seconds: Double
        /// Whether no pool thread was runnable in most samples taken during the stall.
        public var blocked: Bool

        /// `blocked at +12.3 s, for 8.4 s`.
        public var description: String {
            "\(blocked ? "blocked" : "busy") at +\(String(format: "%.1f", start)) s, for \(String(format: "%.1f", seconds)) s"
        }
    }

    /// How long a probe may wait before the pool counts as stalled.
    public static let threshold: Double = 5

    private static let shared = PoolWatchdog()
    private let condition = NSCondition()
    private var found: [Stall] = []
    private var answered = 0
    private let origin = Date()

    private init() {
        let thread = Thread { [unowned self] in self.watch() }
        thread.name = "facteur-pool-watchdog"
        thread.start()
        atexit { PoolWatchdog.shared.report() }
    }

    /// Starts the watchdog (once per process; later calls do nothing).
    public static func start() { _ = shared }

    /// The stalls seen so far.
    public static var stalls: [Stall] { shared.condition.withLock { shared.found } }

    private func watch() {
        nameCurrentThread("pool-watchdog")
        var sent = 0
        while true {
            sent += 1
            let probe = sent
            let enqueued = Date()
            // Medium: the priority test functions run at; on Linux each priority has its own threads,
            // so a higher-priority probe would run even while every test thread is blocked.
            Task.detached(priority: .medium) { [self] in
                condition.withLock {
                    answered = probe
                    condition.broadcast()
                }
            }
            condition.lock()
            var samples = 0, runnable = 0
            while answered < probe {
                let deadline = samples == 0 ? enqueued.addingTimeInterval(Self.threshold) : Date().addingTimeInterval(0.5)
                if !condition.wait(until: deadline), answered < probe {
                    if samples == 0 {
                        FileHandle.standardError.write(Data(
                            "⚠︎ pool watchdog: the Swift concurrency pool has run nothing for \(Int(Self.threshold)) s (since +\(String(format: "%.1f", enqueued.timeIntervalSince(origin))) s)\n".utf8))
                    }
                    samples += 1
                    if Self.aPoolThreadIsRunnable() { runnable += 1 }
                }
            }
            if samples > 0 {
                let stall = Stall(start: enqueued.timeIntervalSince(origin), seconds: Date().timeIntervalSince(enqueued),
                                  blocked: runnable * 2 < samples)
                found.append(stall)
                FileHandle.standardError.write(Data("⚠︎ pool watchdog: stall \(stall) ended (a pool thread was runnable in \(runnable) of \(samples) samples)\n".utf8))
            }
            condition.unlock()
            Thread.sleep(forTimeInterval: 0.5)
        }
    }

    /// Whether a thread of the default-priority pool (named `com.apple.root.default-qos` by
    /// libdispatch, `oot.default-qos` once cut to the kernel's 15 bytes) is running or runnable
    /// (state `R` in `/proc/self/task/<tid>/stat`), rather than sleeping in a wait.
    static func aPoolThreadIsRunnable() -> Bool {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.contains { tid in
            guard let name = try? String(contentsOfFile: "/proc/self/task/\(tid)/comm", encoding: .utf8),
                  name.trimmingCharacters(in: .whitespacesAndNewlines) == "oot.default-qos",
                  let stat = try? String(contentsOfFile: "/proc/self/task/\(tid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("R")
        }
    }

    private func report() {
        let stalls = condition.withLock { found }
        guard !stalls.isEmpty else { return }
        let blocked = stalls.filter(\.blocked)
        let lines = stalls.map { "  - \($0)" }.joined(separator: "\n")
        FileHandle.standardError.write(Data("""
            \(blocked.isEmpty ? "⚠︎" : "✘") pool watchdog: the Swift concurrency pool stalled \(stalls.count) time(s) for \(Int(Self.threshold)) s or more, \
            \(blocked.count) of them blocked:
            \(lines)
            \(blocked.isEmpty ? "Busy: CPU work (many tests starting at once); nothing to fix."
                : "Blocked: some test waits on a pool thread; wrap it in offPool { … } (Sources/FacteurTesting/OffPool.swift).")

            """.utf8))
        if !blocked.isEmpty, ProcessInfo.processInfo.environment["FACTEUR_POOL_WATCHDOG"] != "report" {
            fflush(nil)
            _exit(1)
        }
    }
}

/// A suite trait that starts the ``PoolWatchdog`` while Swift Testing plans the run, before any
/// test runs, so a stall in the first seconds is seen too (test support otherwise starts it on
/// first use). One suite per test target carries it; `@Suite(.poolWatchdog)`.
public struct PoolWatchdogTrait: SuiteTrait, TestTrait {
    /// Not inherited: starting it once is enough.
    public var isRecursive: Bool { false }

    /// Starts the watchdog (planning calls this before the first test).
    public func prepare(for test: Test) async throws {
        PoolWatchdog.start()
    }
}

extension Trait where Self == PoolWatchdogTrait {
    /// Starts the concurrency-pool watchdog when the run is planned.
    public static var poolWatchdog: Self { PoolWatchdogTrait() }
}
