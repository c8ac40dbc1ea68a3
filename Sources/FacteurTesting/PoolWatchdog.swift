import Foundation
public import Testing

/// Watches the Swift concurrency pool during a test run and fails the run if it ever stalls.
///
/// A dedicated thread enqueues a tiny task on the global executor every half second and waits
/// for it to run. If it has not run within ``threshold`` seconds, every pool thread is held by
/// blocking work (see ``offPool(_:_:)``): the stall is printed to standard error as soon as it
/// is seen and again when it ends, with its duration. At exit, if any stall was seen, a summary
/// is printed and the process exits with status 1, so `swift test` (and CI) fails even when
/// every test happened to pass in spite of it.
///
/// It is cheap (one sleeping thread, one empty task per half second) and measures no test's
/// speed: five seconds without running a single empty task is never load, it is a blocked pool.
/// It starts the first time test support is used (``TemporaryDirectory``, ``SMTPTestServer``,
/// ``offPool(_:_:)``) and runs until the process exits. `FACTEUR_POOL_WATCHDOG=report` prints
/// the findings without failing the run (to look at a run, not to land code).
public final class PoolWatchdog: @unchecked Sendable {
    // @unchecked: every mutable field is guarded by `condition`.

    /// One stall: when it began (seconds since the watchdog started) and how long it lasted.
    public struct Stall: Sendable, CustomStringConvertible {
        /// When the unanswered probe was enqueued, in seconds since the watchdog started.
        public var start: Double
        /// How long the pool took to run it.
        public var seconds: Double

        /// `at +12.3 s, for 8.4 s`.
        public var description: String {
            "at +\(String(format: "%.1f", start)) s, for \(String(format: "%.1f", seconds)) s"
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
        if ProcessInfo.processInfo.environment["FACTEUR_POOL_WATCHDOG"] == "debug" {
            FileHandle.standardError.write(Data("pool watchdog: started\n".utf8))
        }
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
            var reported = false
            while answered < probe {
                if !reported, !condition.wait(until: enqueued.addingTimeInterval(Self.threshold)), answered < probe {
                    reported = true
                    let start = enqueued.timeIntervalSince(origin)
                    FileHandle.standardError.write(Data(
                        "⚠︎ pool watchdog: the Swift concurrency pool has run nothing for \(Int(Self.threshold)) s (since +\(String(format: "%.1f", start)) s): blocking work holds every pool thread\n".utf8))
                } else if reported {
                    condition.wait()
                }
            }
            if ProcessInfo.processInfo.environment["FACTEUR_POOL_WATCHDOG"] == "debug" {
                FileHandle.standardError.write(Data("pool watchdog: probe \(probe) ran after \(Date().timeIntervalSince(enqueued)) s\n".utf8))
            }
            if reported {
                let stall = Stall(start: enqueued.timeIntervalSince(origin), seconds: Date().timeIntervalSince(enqueued))
                found.append(stall)
                FileHandle.standardError.write(Data("⚠︎ pool watchdog: stall \(stall) ended\n".utf8))
            }
            condition.unlock()
            Thread.sleep(forTimeInterval: 0.5)
        }
    }

    private func report() {
        let stalls = condition.withLock { found }
        guard !stalls.isEmpty else { return }
        let lines = stalls.map { "  - \($0)" }.joined(separator: "\n")
        FileHandle.standardError.write(Data("""
            ✘ pool watchdog: the Swift concurrency pool stalled \(stalls.count) time(s) during this run \
            (threshold \(Int(Self.threshold)) s):
            \(lines)
            Some test blocked pool threads: wrap blocking work in offPool { … } (Sources/FacteurTesting/OffPool.swift).

            """.utf8))
        if ProcessInfo.processInfo.environment["FACTEUR_POOL_WATCHDOG"] != "report" {
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
