import Foundation

/// An exclusive lock on a data directory (`<data_dir>/facteur.lock`, `flock`), held while a process
/// delivers, so two processes never work the same outbox and recovery never mistakes a live attempt
/// for a dead one. The kernel releases it when the process dies, even by SIGKILL.
public final class DataDirectoryLock: Sendable {
    private let descriptor: Int32
    /// The lock file.
    public let path: String

    /// Takes the lock without waiting.
    /// - Parameter dataDirectory: Config `data_dir`.
    /// - Throws: ``StoreError`` `.locked` when another process holds it, `.dataDirectory` when the
    ///   file cannot be opened.
    public init(dataDirectory: String) throws(StoreError) {
        path = "\(dataDirectory)/facteur.lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError(.dataDirectory, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw StoreError(.locked, "another facteur process is delivering from \(dataDirectory) (lock \(path) is held); wait for it to finish")
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(descriptor, 0)
        _ = pid.withCString { write(descriptor, $0, strlen($0)) }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
