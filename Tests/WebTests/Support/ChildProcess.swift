import Foundation

/// Runs a program to completion without blocking a Swift concurrency thread: the wait is a
/// `terminationHandler` continuation, so the in-process server keeps its threads (the test
/// machines have two cores). Output goes to files, so a large `--dump-dom` cannot fill a pipe.
enum ChildProcess {
    struct Result {
        let status: Int32
        let timedOut: Bool
        let stdout: String
        let stderr: String
    }

    /// The full path of `name` on `PATH`, or nil.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ executable: String, _ arguments: [String], outputDirectory: String,
                    timeout: Duration) async throws -> Result {
        let stdoutPath = "\(outputDirectory)/stdout-\(UUID().uuidString)", stderrPath = "\(outputDirectory)/stderr-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        let stdout = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        let stderr = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        let child = Watched(Process())
        child.process.executableURL = URL(fileURLWithPath: executable)
        child.process.arguments = arguments
        child.process.standardOutput = stdout
        child.process.standardError = stderr
        child.process.standardInput = FileHandle.nullDevice
        let watchdog = Task {
            try? await Task.sleep(for: timeout)
            if !Task.isCancelled { child.kill() }
        }
        defer { watchdog.cancel() }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            child.process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try child.process.run()
            } catch {
                child.process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        try? stdout.close()
        try? stderr.close()
        let out = (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        return Result(status: status, timedOut: child.timedOut, stdout: out, stderr: err)
    }
}

/// A process shared with its watchdog task.
///
/// `@unchecked Sendable`: `Process` is thread-safe for `terminate()`/`isRunning` (Foundation locks
/// internally), and `timedOut` is guarded by `lock`.
private final class Watched: @unchecked Sendable {
    let process: Process
    private let lock = NSLock()
    private var killed = false

    init(_ process: Process) { self.process = process }

    var timedOut: Bool { lock.withLock { killed } }

    /// Terminates the process (SIGTERM) if it is still running.
    func kill() {
        guard process.isRunning else { return }
        lock.withLock { killed = true }
        process.terminate()
    }
}
