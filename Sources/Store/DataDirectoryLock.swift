import Foundation

/// An exclusive lock on a data directory (`<data_dir>/facteur.lock`, `flock`), held while a process
/// polls or delivers, so two processes never work the same outbox and recovery never mistakes a
/// live attempt for a dead one. The kernel releases it when the process dies, even by SIGKILL.
///
/// Within one process the lock is shared: `facteur run` holds it for its whole life, and its
/// polling and delivery services take it again without conflict (a second `flock` on a fresh
/// descriptor would refuse the process itself).
public final class DataDirectoryLock: Sendable {
    private let path: String

    /// Takes the lock without waiting (or shares the one this process already holds).
    /// - Parameter dataDirectory: Config `data_dir`.
    /// - Throws: ``StoreError`` `.locked` when another process holds it, `.dataDirectory` when the
    ///   file cannot be opened.
    public init(dataDirectory: String) throws(StoreError) {
        path = "\(dataDirectory)/facteur.lock"
        try Self.registry.acquire(path, dataDirectory: dataDirectory)
    }

    deinit { Self.registry.release(path) }

    private static let registry = Registry()

    /// The locks this process holds, with how many holders each has.
    private final class Registry: @unchecked Sendable {
        // @unchecked: every access holds `lock`.
        private let lock = NSLock()
        private var held: [String: (descriptor: Int32, holders: Int)] = [:]

        func acquire(_ path: String, dataDirectory: String) throws(StoreError) {
            lock.lock()
            defer { lock.unlock() }
            if let entry = held[path] {
                held[path] = (entry.descriptor, entry.holders + 1)
                return
            }
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else {
                throw StoreError(.dataDirectory, "cannot open \(path): \(String(cString: strerror(errno)))")
            }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                close(descriptor)
                throw StoreError(.locked, "another facteur process (run, sync or deliver) is working on \(dataDirectory) (lock \(path) is held); wait for it to finish or stop it first")
            }
            let pid = "\(getpid())\n"
            _ = ftruncate(descriptor, 0)
            _ = pid.withCString { write(descriptor, $0, strlen($0)) }
            held[path] = (descriptor, 1)
        }

        func release(_ path: String) {
            lock.lock()
            defer { lock.unlock() }
            guard let entry = held[path] else { return }
            if entry.holders > 1 {
                held[path] = (entry.descriptor, entry.holders - 1)
            } else {
                flock(entry.descriptor, LOCK_UN)
                close(entry.descriptor)
                held[path] = nil
            }
        }
    }
}
