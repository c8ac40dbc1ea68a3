import Foundation

/// The data directory: the database, the spool of composed messages, the lock.
public enum DataDirectory {
    /// Creates the directory (0700) if needed and refuses one that others can read or write.
    /// - Throws: ``StoreError`` `.dataDirectory` naming the path.
    public static func prepare(_ path: String) throws(StoreError) {
        var info = stat()
        if stat(path, &info) != 0 {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw StoreError(.dataDirectory, "cannot create the data directory \(path) (data_dir): \(error.localizedDescription)")
            }
            return
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw StoreError(.dataDirectory, "data_dir \(path) exists and is not a directory")
        }
        guard info.st_mode & 0o022 == 0 else {
            throw StoreError(.dataDirectory, "data_dir \(path) is writable by other users; run: chmod 700 \(path)")
        }
    }

    /// Creates a file readable only by its owner (0600) if it does not exist, and refuses an
    /// existing one that others can read.
    /// - Throws: ``StoreError`` `.dataDirectory` naming the path.
    public static func createPrivateFile(_ path: String) throws(StoreError) {
        let fd = open(path, O_WRONLY | O_CREAT, 0o600)
        guard fd >= 0 else {
            throw StoreError(.dataDirectory, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        fstat(fd, &info)
        close(fd)
        guard info.st_mode & 0o077 == 0 else {
            throw StoreError(.dataDirectory, "\(path) is readable by other users; run: chmod 600 \(path)")
        }
    }

    /// The folder of composed messages, created 0700.
    public static func spool(_ dataDirectory: String) throws(StoreError) -> String {
        try folder(dataDirectory, "spool")
    }

    /// A folder of the data directory (`spool`, `incoming`, `held`), created 0700.
    public static func folder(_ dataDirectory: String, _ name: String) throws(StoreError) -> String {
        let path = "\(dataDirectory)/\(name)"
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError(.dataDirectory, "cannot create \(path): \(error.localizedDescription)")
        }
        return path
    }
}
