import FacteurTesting
import Foundation
import Glibc

/// A running `facteur run` process, with its standard error collected in the background.
final class RunningDaemon {
    let process: Process
    private let output = OutputCollector()

    init(_ cli: CLIHarness, arguments: [String] = []) throws {
        let (process, _, err) = try cli.start(["run"] + arguments)
        self.process = process
        let handle = err.fileHandleForReading
        let output = self.output
        Thread {
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                output.append(String(decoding: data, as: UTF8.self))
            }
        }.start()
    }

    /// Everything written to standard error so far.
    var stderr: String { output.text }

    /// Waits until `condition` holds, polling every 100 ms (sleeping with `Task.sleep`).
    @discardableResult
    static func wait(seconds: Double, _ condition: () async throws -> Bool) async rethrows -> Bool {
        try await eventually(seconds: seconds, condition)
    }

    /// The status page's port, once the server listens.
    func webPort(seconds: Double = 30) async -> Int? {
        var port: Int?
        await Self.wait(seconds: seconds) {
            guard let range = stderr.range(of: "status page on http://127.0.0.1:") else { return false }
            port = Int(stderr[range.upperBound...].prefix { $0.isNumber })
            return port != nil
        }
        return port
    }

    /// Sends SIGTERM and waits for the exit. - Returns: The exit status, nil if still running after `seconds`.
    func terminate(seconds: Double = 60) async -> Int32? {
        kill(process.processIdentifier, SIGTERM)
        guard await Self.wait(seconds: seconds, { !process.isRunning }) else {
            kill(process.processIdentifier, SIGKILL)
            await process.waitForExit()
            return nil
        }
        return await process.waitForExit()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.terminateInBackground(grace: 0)
        }
    }
}

/// Text gathered by a reader thread.
final class OutputCollector: @unchecked Sendable {
    // @unchecked: every access holds `lock`.
    private let lock = NSLock()
    private var collected = ""

    func append(_ text: String) { lock.withLock { collected += text } }

    var text: String { lock.withLock { collected } }
}

extension CLIHarness {
    /// `facteur secret set NAME` with the value on standard input.
    func setSecret(_ name: String, _ value: String) async throws {
        let (process, _, _) = try start(["secret", "set", name], stdin: value + "\n")
        let status = await process.waitForExit()
        precondition(status == 0, "facteur secret set \(name) failed")
    }

    /// GET over real HTTP with the curl CLI. - Returns: The body.
    func httpGet(_ url: String) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-sS", "--max-time", "10", url]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        return await process.finish(stdout: out).stdoutText
    }

    /// `facteur status --json`, parsed.
    func status() async throws -> [String: Any] {
        try await JSONSerialization.jsonObject(with: Data(run(["status", "--json"]).stdout.utf8)) as? [String: Any] ?? [:]
    }

    /// The outbox rows (`facteur outbox --json`).
    func outboxRows() async throws -> [[String: Any]] {
        try await JSONSerialization.jsonObject(with: Data(run(["outbox", "--json"]).stdout.utf8)) as? [[String: Any]] ?? []
    }
}
