import Store

/// Whether another process (a running `facteur run`, or a `sync` or `deliver` in progress) holds
/// the data directory's lock: advice printed to an operator depends on it ("run `facteur deliver`"
/// would only be refused while `facteur run` is sending anyway).
public enum ServiceLock {
    /// True when another process holds `<data_dir>/facteur.lock` now.
    /// - Parameter dataDirectory: Config `data_dir`.
    public static func isHeldByService(dataDirectory: String) -> Bool {
        do {
            let lock = try DataDirectoryLock(dataDirectory: dataDirectory)
            withExtendedLifetime(lock) {}
            return false
        } catch {
            return error.code == .locked
        }
    }
}
