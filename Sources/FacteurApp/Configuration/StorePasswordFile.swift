public import FacteurCore
import Foundation
import Glibc

/// Reads the PostgreSQL password from `store_password_file`, under the rules of the other secret
/// files (the master key's): a regular file, owned by the user running facteur, mode 0600 or
/// narrower. One trailing line break is ignored. No error ever shows the file's content.
public enum StorePasswordFile {
    /// The longest password file read (a password, not a document).
    static let maximumLength = 4_096

    /// Reads and checks the password file.
    /// - Parameter path: `store_password_file`.
    /// - Returns: The password.
    /// - Throws: ``ConfigurationError`` `store_password_file` naming the path and the remedy.
    public static func read(_ path: String) throws(ConfigurationError) -> Secret {
        let key = "store_password_file"
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else {
            throw ConfigurationError(key: key, "cannot open the store password file \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw ConfigurationError(key: key, "cannot inspect the store password file \(path): \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw ConfigurationError(key: key, "the store password file \(path) is not a regular file")
        }
        // Someone else's file could hold a password they chose, for a database they control.
        guard info.st_uid == geteuid() else {
            throw ConfigurationError(key: key, "the store password file \(path) belongs to user id \(info.st_uid), not to the user running facteur (\(geteuid())); run facteur as its owner, or: chown \(geteuid()) \(path)")
        }
        let mode = info.st_mode & 0o777
        guard mode & ~0o600 == 0 else {
            throw ConfigurationError(key: key, "the store password file \(path) has mode \(String(mode, radix: 8)), wider than 0600: other users could read the database password; run: chmod 600 \(path)")
        }
        guard info.st_size <= maximumLength else {
            throw ConfigurationError(key: key, "the store password file \(path) is \(info.st_size) bytes long: it should hold only the password")
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var total = 0
        while total < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + total, $0.count - total) }
            guard count > 0 else {
                throw ConfigurationError(key: key, "cannot read the store password file \(path): \(count == 0 ? "it changed while read" : String(cString: strerror(errno)))")
            }
            total += count
        }
        guard var text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigurationError(key: key, "the store password file \(path) is not UTF-8 text")
        }
        // "\r\n" is one Character: either ending is one removeLast.
        if text.hasSuffix("\n") || text.hasSuffix("\r\n") { text.removeLast() }
        guard !text.isEmpty else {
            throw ConfigurationError(key: key, "the store password file \(path) is empty")
        }
        guard !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw ConfigurationError(key: key, "the store password file \(path) holds more than one line or a control character: it should hold only the password")
        }
        return Secret(text)
    }
}
