import FacteurTesting
import Foundation

/// `facteur sandbox` running as its own process on 127.0.0.1 (as `make demo` runs it).
final class SandboxProcess {
    let process = Process()
    let port: Int
    var baseURL: String { "http://127.0.0.1:\(port)" }

    init(arguments: [String] = [], directory: String) async throws {
        process.executableURL = URL(fileURLWithPath: Repository.facteurBinary)
        process.arguments = ["sandbox", "--port", "0"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let started = UncheckedBox((process, output.fileHandleForReading))
        let line = await offPool("sandbox-process-start") {
            let (process, handle) = started.value
            var buffer = Data()
            let deadline = Date().addingTimeInterval(30)
            while !buffer.contains(UInt8(ascii: "\n")), Date() < deadline, process.isRunning {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
            }
            return String(decoding: buffer, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        }
        let prefix = "Qonto sandbox listening on http://127.0.0.1:"
        guard line.hasPrefix(prefix), let port = Int(line.dropFirst(prefix.count)) else {
            process.terminateInBackground()
            throw TestSupportError("facteur sandbox did not start (printed \"\(line)\")")
        }
        self.port = port
    }

    deinit { stop() }

    /// SIGTERM now, SIGKILL from a reaper thread after 3 s; returns at once (fit for `defer`).
    func stop() {
        process.terminateInBackground(grace: 3)
    }
}

extension CLIHarness {
    /// How the configuration authenticates to the sandbox.
    enum SandboxAuthentication { case apiKey, oauth }

    /// Points the configuration at a running `facteur sandbox`, with its public test credentials
    /// (OAuth: the client id only; the tests decide where the client secret comes from).
    func use(_ sandbox: SandboxProcess, _ authentication: SandboxAuthentication) {
        settings["qonto_api_url"] = sandbox.baseURL
        settings["qonto_oauth_url"] = sandbox.baseURL
        switch authentication {
        case .apiKey:
            settings["qonto_login"] = "facteur-demo"
            settings["qonto_secret_key"] = "sandbox-secret-key"
        case .oauth:
            settings["qonto_client_id"] = "facteur-sandbox"
        }
    }
}
