import Foundation

/// Serialises the first steps of opening a data directory's database across processes: creating
/// the master key and running migrations. Two processes opening a brand-new data directory at once
/// (a `facteur run` and a `facteur outbox`, or the daemon opening a workspace a command is
/// creating) both saw an unmigrated schema and one failed with "table … already exists".
///
/// A blocking `flock` on `<data_dir>/facteur.open.lock`, held only while opening (milliseconds
/// once migrated), released by the kernel if the process dies.
enum OpeningLock {
    /// Runs `body` while holding the lock.
    /// - Throws: ``StoreError`` `.dataDirectory` when the lock file cannot be opened; what `body` throws.
    static func holding<T>(_ dataDirectory: String, _ body: () throws -> T) throws -> T {
        let path = "\(dataDirectory)/facteur.open.lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError(.dataDirectory, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw StoreError(.dataDirectory, "cannot lock \(path): \(String(cString: strerror(errno)))")
            }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}
