// FacteurTesting: support for the test targets only — the repository's paths, temporary data
// directories, the loopback SMTP server process (Tests/Support/smtp_server.py, aiosmtpd) and the
// built `facteur` binary. No mocks live here: only real processes at the edge.
import Foundation

/// Paths of the repository, found from this file's location.
public enum Repository {
    /// The repository root.
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // Sources/FacteurTesting/FacteurTesting.swift
        return url.path
    }()

    /// `certs/test/<name>` (made by certs/make-test-certs.sh).
    public static func cert(_ name: String) -> String { "\(root)/certs/test/\(name)" }

    /// `Tests/Support/<name>`.
    public static func support(_ name: String) -> String { "\(root)/Tests/Support/\(name)" }

    /// The built `facteur` executable (`$FACTEUR_BINARY`, else `.build/debug/facteur`).
    public static var facteurBinary: String {
        ProcessInfo.processInfo.environment["FACTEUR_BINARY"] ?? "\(root)/.build/debug/facteur"
    }
}

/// A fresh directory under the system temporary directory, removed by ``remove()``.
public struct TemporaryDirectory: Sendable {
    /// Its path.
    public let path: String

    /// Creates the directory (0700).
    public init(_ label: String = "facteur-test") throws {
        PoolWatchdog.start()
        let base = FileManager.default.temporaryDirectory.path
        path = "\(base)/\(label)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
    }

    /// Writes a file and returns its path.
    @discardableResult
    public func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = "\(path)/\(name)"
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }

    /// Deletes the directory and everything in it.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
