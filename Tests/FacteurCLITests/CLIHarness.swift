import FacteurTesting
import Foundation
import Glibc

/// Runs the built `facteur` binary against a temporary data directory and configuration file.
final class CLIHarness: @unchecked Sendable {
    // @unchecked: a test uses its harness from its own task; closures run off the pool only read it.
    let directory: TemporaryDirectory
    let server: SMTPTestServer?
    var settings: [String: Any]

    init(tls: String? = "starttls", serverArguments: [String] = []) async throws {
        let directory = try TemporaryDirectory("facteur-cli")
        self.directory = directory
        if let tls {
            server = try await SMTPTestServer(tls: tls, arguments: serverArguments + ["--exit-with-parent"], directory: directory.path)
        } else {
            server = nil
        }
        settings = [
            "data_dir": "\(directory.path)/data",
            "templates_dir": "\(Repository.root)/templates",
            "smtp_url": "smtp://127.0.0.1:\(server?.port ?? 9)",
            "smtp_ca_file": Repository.cert("ca.pem"),
            "smtp_from": "Facteur <factures@example.fr>",
            "smtp_helo": "facteur.test",
            "smtp_timeout": "10",
            "pennylane_supplier_inbox": "supplier@pennylane.test",
            "pennylane_customer_inbox": "customer@pennylane.test",
        ]
    }

    deinit {
        server?.stop()
        directory.remove()
    }

    var configPath: String { "\(directory.path)/facteur.json" }
    var dataDirectory: String { settings["data_dir"] as! String }

    /// Writes the configuration file (0600) when the settings changed. It is replaced in one
    /// rename, never rewritten in place: a `facteur run` started earlier may be reading it while
    /// the test starts another command (it then read an empty file: "not a JSON object").
    func writeConfig() throws {
        let data = try JSONSerialization.data(withJSONObject: settings, options: [.sortedKeys])
        if FileManager.default.contents(atPath: configPath) == data { return }
        let temporary = "\(configPath).\(UUID().uuidString.prefix(8))"
        try data.write(to: URL(fileURLWithPath: temporary))
        chmod(temporary, 0o600)
        guard rename(temporary, configPath) == 0 else {
            throw TestSupportError("cannot replace \(configPath): \(String(cString: strerror(errno)))")
        }
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The standard input of the last process started with `keepStdinOpen`.
    var stdinPipe: Pipe?

    /// Starts `facteur ARGS --config …` without waiting.
    /// - Parameters:
    ///   - stdin: Text written to its standard input, which is then closed.
    ///   - keepStdinOpen: Leave standard input open in ``stdinPipe`` for the test to write later.
    func start(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
               keepStdinOpen: Bool = false) throws -> (Process, Pipe, Pipe) {
        try writeConfig()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Repository.facteurBinary)
        process.arguments = arguments + ["--config", configPath]
        process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FACTEUR_") }
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        if stdin != nil || keepStdinOpen { process.standardInput = input }
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        }
        stdinPipe = keepStdinOpen ? input : nil
        return (process, out, err)
    }

    /// Runs `facteur ARGS --config …` to completion (waiting off the concurrency pool).
    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Result {
        let (process, out, err) = try start(arguments, environment: environment)
        let finished = await process.finish(stdout: out, stderr: err)
        return Result(status: finished.status, stdout: finished.stdoutText, stderr: finished.stderrText)
    }

    /// A small, unique PDF.
    func makePDF(_ name: String) throws -> String {
        var bytes = Array("%PDF-1.4\n% \(name) \(UUID().uuidString)\n".utf8)
        bytes += Array(repeating: UInt8(ascii: "x"), count: 3000)
        return try directory.write(name, bytes)
    }

    /// `sqlite3 DB SQL` (the real CLI: what an attacker with file access would use).
    func sqlite(_ sql: String) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = ["\(dataDirectory)/facteur.sqlite", sql]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let finished = await process.finish(stdout: out)
        guard finished.status == 0 else { throw TestSupportError("sqlite3 failed on: \(sql)") }
        return finished.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Reads a running process's output without blocking until `done` accepts it, the process
    /// exits, or `seconds` pass; leaves the pipe blocking again for a final read. The polling runs
    /// on a thread of its own (not the concurrency pool), and `action` runs on that thread as soon
    /// as the loop ends, so a test can act at that instant (kill the process) however busy the
    /// pool is.
    static func read(_ pipe: Pipe, of process: Process, seconds: Double = 20,
                     until done: @escaping @Sendable (String) -> Bool,
                     then action: @escaping @Sendable (Process) -> Void = { _ in }) async -> String {
        let box = UncheckedBox((pipe, process))
        return await offPool("cli-read") {
            let (pipe, process) = box.value
            let descriptor = pipe.fileHandleForReading.fileDescriptor
            let flags = fcntl(descriptor, F_GETFL)
            _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
            defer { _ = fcntl(descriptor, F_SETFL, flags) }
            var text = ""
            let deadline = Date().addingTimeInterval(seconds)
            while !done(text), Date() < deadline, process.isRunning {
                var buffer = [UInt8](repeating: 0, count: 4096)
                let count = Glibc.read(descriptor, &buffer, buffer.count)
                if count > 0 { text += String(decoding: buffer[0..<count], as: UTF8.self) } else { usleep(2_000) }
            }
            action(process)
            return text
        }
    }
}
