import Foundation

/// A real SMTP server (aiosmtpd, `Tests/Support/smtp_server.py`) on 127.0.0.1, started per test.
///
/// It stores what it accepts in a Maildir and journals every event (connections, acceptances,
/// rejections, drops) so tests can assert on what really crossed the wire. Faults are chosen per
/// recipient local part (`rcpt451…`, `rcpt550…`, `data451…`, `data554…`, `dropdata…`, `dropdot…`,
/// `slowdot…`) or per server (`--greeting-421`, `--slow-greeting`, `--tls none`, `--tls-max 1.2`).
public final class SMTPTestServer: @unchecked Sendable {
    // @unchecked: `process` is only touched in init and stop(), which tests call from one task.
    private let process: Process
    /// The port it listens on.
    public let port: Int
    /// Where it stores accepted messages (`new/`).
    public let maildir: String
    /// Its JSON-lines journal.
    public let journal: String

    /// Starts a server and waits until it listens (off the concurrency pool: python needs a
    /// moment, and a pool thread must never wait for it).
    /// - Parameters:
    ///   - tls: `starttls`, `implicit` or `none`.
    ///   - arguments: More options for smtp_server.py (e.g. `["--auth", "user:secret"]`).
    ///   - directory: Where its Maildir and journal go.
    public init(tls: String = "starttls", arguments: [String] = [], directory: String) async throws {
        PoolWatchdog.start()
        maildir = "\(directory)/received"
        journal = "\(directory)/smtp-journal.jsonl"
        let process = Process()
        self.process = process
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var all = ["python3", Repository.support("smtp_server.py"), "--port", "0", "--tls", tls,
                   "--maildir", maildir, "--journal", journal]
        if tls != "none" { all += ["--cert", Repository.cert("localhost.pem"), "--key", Repository.cert("localhost.key")] }
        process.arguments = all + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let started = UncheckedBox((process, output.fileHandleForReading))
        let line = await offPool("smtp-test-server-start") {
            let (process, handle) = started.value
            var buffer = Data()
            let deadline = Date().addingTimeInterval(20)
            while !buffer.contains(UInt8(ascii: "\n")), Date() < deadline, process.isRunning {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
            }
            return String(decoding: buffer, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        }
        guard line.hasPrefix("READY "), let port = Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces)) else {
            process.terminateInBackground()
            throw TestSupportError("smtp_server.py did not start (printed \"\(line)\"); is aiosmtpd installed? run make test")
        }
        self.port = port
    }

    deinit { stop() }

    /// Stops the server: SIGTERM now, then SIGKILL from a reaper thread if it has not exited
    /// within two seconds (the journal is flushed line by line, so nothing a test reads is lost
    /// either way). Returns at once: nothing waits on a pool thread.
    public func stop() {
        process.terminateInBackground(grace: 2)
    }

    /// The journal's events, parsed.
    public func events() -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: journal, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        }
    }

    /// Events of one kind (`connect`, `accepted`, `rejected`, `dropped`, `auth`).
    public func events(_ kind: String) -> [[String: Any]] {
        events().filter { $0["event"] as? String == kind }
    }

    /// The Message-IDs of accepted messages, in order (with angle brackets, as in the header).
    public func acceptedMessageIDs() -> [String] {
        events("accepted").compactMap { $0["message_id"] as? String }
    }

    /// Paths of the stored messages.
    public func storedMessages() -> [String] {
        let directory = "\(maildir)/new"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.sorted().map { "\(directory)/\($0)" }
    }
}

/// A test-support failure (a helper process that would not start).
public struct TestSupportError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
