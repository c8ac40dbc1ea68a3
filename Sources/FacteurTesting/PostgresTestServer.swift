import Foundation

/// A real PostgreSQL 15 server for one test (or suite): a fresh cluster in a temporary directory,
/// listening on a Unix socket in that directory and on a free 127.0.0.1 port, trusting local
/// connections (user `facteur`, database `facteur`, no password).
///
/// The server is a direct child process (not `pg_ctl start`, whose daemon inherits a descriptor
/// and makes Foundation's wait hang), stopped with SIGINT (fast shutdown). Durability is off
/// (`fsync=off`): the cluster is thrown away after the test.
///
/// FacteurTesting does not link PostgresNIO: the connection facts are plain values the test
/// turns into its own configuration.
///
/// # Usage
/// ```swift
/// try await withPostgresTestServer { server in
///     // connect to server.host:server.port (or server.socketDirectory) as server.user
/// }
/// ```
public final class PostgresTestServer: @unchecked Sendable {
    // @unchecked: `process` and `port` change only in init, start and stop, which a test calls from one task.
    /// The loopback address it listens on.
    public let host = "127.0.0.1"
    /// Its TCP port (chosen again at creation if another process took it first).
    public private(set) var port: Int
    /// The directory of its Unix socket (`.s.PGSQL.<port>`).
    public let socketDirectory: String
    /// The role to connect as (a superuser, trusted without password).
    public let user = "facteur"
    /// The database to open.
    public let database = "facteur"
    /// The cluster's data directory.
    public let dataDirectory: String
    /// The server's log file (its standard output and error).
    public let logFile: String

    private let tools: PostgresTools
    private let directory: TemporaryDirectory
    private var process: Process?

    /// The Unix socket's full path.
    public var socketPath: String { "\(socketDirectory)/.s.PGSQL.\(port)" }

    /// Creates a cluster and starts its server (off the concurrency pool).
    /// - Throws: ``TestSupportError`` when the programs are missing or the server does not start.
    public init() async throws {
        tools = try PostgresTools()
        directory = try TemporaryDirectory("facteur-pg")
        dataDirectory = "\(directory.path)/data"
        socketDirectory = "\(directory.path)/socket"
        logFile = "\(directory.path)/server.log"
        port = try Self.freeLoopbackPort()
        do {
            try FileManager.default.createDirectory(atPath: socketDirectory, withIntermediateDirectories: false,
                                                    attributes: [.posixPermissions: 0o700])
            try tools.handOver(directory.path)
            try tools.handOver(socketDirectory)
            try await run(tools.serverProcess("initdb", [
                "-D", dataDirectory, "--auth=trust", "-U", user, "--no-sync", "-E", "UTF8", "--locale=C",
            ]), "initdb")
            try await startOnAFreePort()
            try await run(tools.clientProcess("psql", [
                "-h", socketDirectory, "-p", String(port), "-U", user, "-d", "postgres", "-v", "ON_ERROR_STOP=1",
                "-q", "-c", "CREATE DATABASE \(database)",
            ]), "CREATE DATABASE")
        } catch {
            await stop()
            directory.remove()
            throw error
        }
    }

    /// The first start: a free port is only free until something binds it, and this machine starts
    /// many servers at once (SMTP test servers, sandboxes, other clusters). When another process took
    /// the port between its choice and the server's bind, start again on a new one (three tries).
    private func startOnAFreePort() async throws {
        for attempt in 1...3 {
            do {
                return try await start()
            } catch let error as TestSupportError {
                let tail = logTail()
                guard attempt < 3, tail.contains("could not bind") || tail.contains("Address already in use") else { throw error }
                port = try Self.freeLoopbackPort()
            }
        }
    }

    /// Starts the server on the same data directory and port, and waits until it accepts connections.
    /// - Throws: ``TestSupportError`` when it exits or is not ready within 30 seconds.
    public func start() async throws {
        guard process == nil else { return }
        if !FileManager.default.fileExists(atPath: logFile) {
            _ = FileManager.default.createFile(atPath: logFile, contents: nil)
            try tools.handOver(logFile)
        }
        guard let log = FileHandle(forWritingAtPath: logFile) else { throw TestSupportError("cannot open \(logFile)") }
        defer { try? log.close() }
        try log.seekToEnd()
        let server = tools.serverProcess("postgres", [
            "-D", dataDirectory, "-k", socketDirectory, "-p", String(port), "-h", host,
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "max_connections=100", "-c", "shared_buffers=16MB", "-c", "logging_collector=off",
        ])
        server.standardInput = FileHandle.nullDevice
        server.standardOutput = log
        server.standardError = log
        try server.run()
        process = server
        let ready = await eventually(seconds: 30, every: .milliseconds(50)) { [self] in
            guard server.isRunning else { return true }
            let probe = tools.clientProcess("pg_isready", ["-h", socketDirectory, "-p", String(port), "-U", user, "-q"])
            probe.standardOutput = FileHandle.nullDevice
            probe.standardError = FileHandle.nullDevice
            guard (try? probe.run()) != nil else { return false }
            return await probe.waitForExit() == 0
        }
        guard ready, server.isRunning else {
            await stop()
            throw TestSupportError("PostgreSQL did not start on port \(port): \(logTail())")
        }
    }

    /// Stops the server (SIGINT: fast shutdown, open transactions rolled back) and waits for it to
    /// exit, killing it after 20 seconds. The data directory stays for ``start()``.
    public func stop() async {
        guard let server = process else { return }
        process = nil
        guard server.isRunning else {
            await server.waitForExit()
            return
        }
        kill(server.processIdentifier, SIGINT)
        let box = UncheckedBox(server)
        await offPool("postgres-test-stop") {
            let deadline = Date().addingTimeInterval(20)
            while box.value.isRunning, Date() < deadline { usleep(20_000) }
            if box.value.isRunning { kill(box.value.processIdentifier, SIGKILL) }
            box.value.waitUntilExit()
        }
    }

    /// Stops and starts the server on the same data directory and port (a database restart in
    /// the middle of a run): every open connection is cut.
    public func restart() async throws {
        await stop()
        try await start()
    }

    /// Stops the server and deletes the cluster.
    public func remove() async {
        await stop()
        directory.remove()
    }

    /// Runs a helper program to its end.
    private func run(_ process: Process, _ label: String) async throws {
        let output = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let finished = await process.finish(stdout: output)
        guard finished.status == 0 else {
            throw TestSupportError("\(label) failed (status \(finished.status)): \(finished.stdoutText.suffix(800))")
        }
    }

    /// The end of the server's log, for an error message.
    private func logTail() -> String {
        let text = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
        return String(text.suffix(800))
    }

    /// A 127.0.0.1 port free right now (bound to port 0, then closed).
    static func freeLoopbackPort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw TestSupportError("socket() failed (errno \(errno))") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socket, generic, length) == 0 && getsockname(socket, generic, &length) == 0
            }
        }
        guard bound else { throw TestSupportError("cannot bind a loopback port (errno \(errno))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Starts a ``PostgresTestServer``, runs `body` with it, and always stops it and deletes its
/// cluster, whether `body` returns or throws.
/// - Returns: What `body` returned.
public func withPostgresTestServer<T: Sendable>(_ body: (PostgresTestServer) async throws -> T) async throws -> T {
    let server = try await PostgresTestServer()
    do {
        let result = try await body(server)
        await server.remove()
        return result
    } catch {
        await server.remove()
        throw error
    }
}
