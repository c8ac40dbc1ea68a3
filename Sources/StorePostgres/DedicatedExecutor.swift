import Foundation

/// A task executor running on threads of its own. Async work started with it as the preferred
/// executor (and every child task of that work) never needs the Swift concurrency pool, so a
/// thread of that pool may block waiting for the work (``PostgresBridge/wait(_:)``) without
/// starving it: on a two-core machine the pool has two threads, and two blocked callers whose
/// awaited work needed the pool would wait for ever.
final class DedicatedExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    /// Starts the threads (named `name-1`, `name-2`…); they live as long as the process.
    init(name: String, threads: Int = 2) {
        for number in 0..<max(threads, 1) {
            let thread = Thread { [unowned self] in self.loop() }
            thread.name = "\(name)-\(number + 1)"
            thread.start()
        }
    }

    /// Queues a job; a thread of this executor runs it.
    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
