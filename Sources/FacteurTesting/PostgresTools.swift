import Foundation

/// The PostgreSQL 15 programs the test server runs (Debian's `postgresql-15` package), and how to
/// run them as the `postgres` user when the tests run as root (the server refuses root).
public struct PostgresTools: Sendable {
    /// The directory holding `initdb`, `postgres`, `pg_isready` and `psql`.
    public let binDirectory: String
    /// The user the server runs as when the tests run as root (`postgres`), or nil when they do not.
    public let serverUser: String?

    /// Where Debian installs PostgreSQL 15's programs.
    public static let debianBinDirectory = "/usr/lib/postgresql/15/bin"

    /// Locates the programs: `$FACTEUR_POSTGRES_BIN` if set, else Debian's directory.
    /// - Throws: ``TestSupportError`` naming the package to install when a program is missing.
    public init() throws {
        let directory = ProcessInfo.processInfo.environment["FACTEUR_POSTGRES_BIN"] ?? Self.debianBinDirectory
        for tool in ["initdb", "postgres", "pg_isready", "psql"]
        where !FileManager.default.isExecutableFile(atPath: "\(directory)/\(tool)") {
            throw TestSupportError("PostgreSQL's \(tool) is not in \(directory); install postgresql-15: make test-deps")
        }
        binDirectory = directory
        serverUser = geteuid() == 0 ? "postgres" : nil
    }

    /// The full path of one program.
    public func path(_ tool: String) -> String { "\(binDirectory)/\(tool)" }

    /// A process that runs a server-side program (`initdb`, `postgres`) as ``serverUser``.
    ///
    /// `setpriv` replaces itself with the program (no fork, unlike `runuser`), so the process is
    /// the program itself: a signal sent to it reaches the server, and its exit is the server's.
    func serverProcess(_ tool: String, _ arguments: [String]) -> Process {
        let process = Process()
        if let serverUser {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=\(serverUser)", "--regid=\(serverUser)", "--init-groups", "--", path(tool)] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: path(tool))
            process.arguments = arguments
        }
        return process
    }

    /// A process that runs a client program (`pg_isready`, `psql`) as the current user.
    func clientProcess(_ tool: String, _ arguments: [String]) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path(tool))
        process.arguments = arguments
        return process
    }

    /// Gives a path to ``serverUser`` (when the tests run as root), so the server can write there.
    func handOver(_ path: String) throws {
        guard let serverUser else { return }
        guard let user = getpwnam(serverUser) else {
            throw TestSupportError("no \(serverUser) user to run PostgreSQL as; install postgresql-15: make test-deps")
        }
        guard chown(path, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
            throw TestSupportError("cannot give \(path) to \(serverUser) (errno \(errno))")
        }
    }
}
