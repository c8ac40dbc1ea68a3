internal import COpenSSL
import Foundation

/// The 32-byte key that encrypts every stored secret (AES-256-GCM through ``SecretBox``), kept in a
/// file of its own (config `master_key_file`, default `<data_dir>/master.key`).
///
/// The key lives apart from the database so that a copy of `facteur.sqlite` alone (a backup, a
/// support bundle) reveals no secret. That only holds if backups keep the two apart too: whoever has
/// both files has every stored token and password.
///
/// The bytes sit in memory this object allocates and owns; they are overwritten with
/// `OPENSSL_cleanse` when it is released, and never copied into Swift arrays or strings.
///
/// ```swift
/// let key = try MasterKey.loadOrCreate(path: configuration.masterKeyFile)
/// let box = SecretBox(masterKey: key)
/// ```
public final class MasterKey: @unchecked Sendable, CustomStringConvertible, CustomReflectable {
    // @unchecked Sendable: `bytes` is written only by the static factories below, before the
    // instance is returned to anyone, and only read afterwards; `deinit` runs when no reference is left.

    /// The key length in bytes (AES-256).
    public static let length = 32

    /// The key file, or nil for a key generated in memory by ``generate()``.
    public let path: String?
    private let bytes: UnsafeMutableRawBufferPointer

    private init(path: String?) {
        self.path = path
        bytes = .allocate(byteCount: Self.length, alignment: 16)
        bytes.initializeMemory(as: UInt8.self, repeating: 0)
    }

    deinit {
        OPENSSL_cleanse(bytes.baseAddress, bytes.count)
        bytes.deallocate()
    }

    /// Names the file only; the key bytes are never described.
    public var description: String { "master key (\(path ?? "in memory"))" }

    /// Hides the key bytes from `dump` and debuggers' reflection.
    public var customMirror: Mirror { Mirror(self, children: ["path": path as Any]) }

    /// A fresh random key that exists only in memory (tests, throwaway stores).
    /// - Throws: ``StoreError`` `.masterKey` when the system random generator fails.
    public static func generate() throws(StoreError) -> MasterKey {
        let key = MasterKey(path: nil)
        try key.fillRandomly(for: "an in-memory master key")
        return key
    }

    /// Whether something exists at `path` (a key file to load, not to create).
    ///
    /// Errors other than "no such file" count as existing, so that a key that cannot be read is
    /// reported by ``load(path:)`` rather than silently replaced.
    public static func fileExists(at path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 || errno != ENOENT
    }

    /// Loads an existing key file.
    ///
    /// - Parameter path: Config `master_key_file`.
    /// - Returns: The key.
    /// - Throws: ``StoreError`` `.masterKey` naming the path when the file does not exist, cannot be
    ///   read, is not a regular file, belongs to another user, is readable by anyone but its owner
    ///   (the fix, `chmod 600`, is in the message) or is not exactly 32 bytes long.
    public static func load(path: String) throws(StoreError) -> MasterKey {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT {
                throw StoreError(.masterKey, "the master key file \(path) (master_key_file) does not exist")
            }
            throw StoreError(.masterKey, "cannot open the master key file \(path) (master_key_file): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        try checkPermissionsAndSize(descriptor, path: path)
        let key = MasterKey(path: path)
        var total = 0
        while total < length {
            let count = read(descriptor, key.bytes.baseAddress! + total, length - total)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            total += count
        }
        guard total == length else {
            throw StoreError(.masterKey, "cannot read the \(length) bytes of the master key file \(path) (master_key_file)")
        }
        return key
    }

    /// Loads the key file, creating it with 32 random bytes when it does not exist yet.
    ///
    /// The key is written to a temporary file created with `O_CREAT | O_EXCL` and mode 0600 in one
    /// step (never widened and narrowed afterwards), flushed to disk, then linked to `path` and the
    /// directory flushed before the key is used: a secret must never be committed under a key that
    /// a crash could lose, and a process killed half-way leaves no short key file behind (only a
    /// temporary one, never read). The directory must exist. If another process creates the file
    /// first, its key is loaded instead.
    ///
    /// - Parameter path: Config `master_key_file`.
    /// - Returns: The key.
    /// - Throws: ``StoreError`` `.masterKey` naming the path for every refusal of ``load(path:)``, or
    ///   when the directory does not exist or the file cannot be created and written.
    public static func loadOrCreate(path: String) throws(StoreError) -> MasterKey {
        if fileExists(at: path) { return try load(path: path) }
        let directory = Self.directory(of: path)
        var info = stat()
        guard stat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw StoreError(.masterKey, "cannot create the master key file \(path) (master_key_file): the directory \(directory) does not exist")
        }
        let temporary = "\(path).new-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError(.masterKey, "cannot create the master key file \(path) (master_key_file): \(String(cString: strerror(errno)))")
        }
        defer { unlink(temporary) }
        let key = MasterKey(path: path)
        do throws(StoreError) {
            try key.fillRandomly(for: path)
            try key.persist(to: descriptor)
            close(descriptor)
        } catch {
            close(descriptor)
            throw error
        }
        // link(2) refuses to replace: whoever links first wins, the others load that key.
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { return try load(path: path) }
            throw StoreError(.masterKey, "cannot create the master key file \(path) (master_key_file): \(String(cString: strerror(errno)))")
        }
        syncDirectory(directory)
        return key
    }

    /// Calls `body` with the key bytes, which must not escape it.
    func withUnsafeBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try withExtendedLifetime(self) { () throws(Failure) -> Result in
            try body(UnsafeRawBufferPointer(bytes))
        }
    }

    private func fillRandomly(for what: String) throws(StoreError) {
        guard RAND_bytes(bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(Self.length)) == 1 else {
            ERR_clear_error()
            throw StoreError(.masterKey, "the system random generator failed; cannot create \(what)")
        }
    }

    private func persist(to descriptor: Int32) throws(StoreError) {
        let path = self.path ?? "the master key file"
        var total = 0
        while total < Self.length {
            let count = write(descriptor, bytes.baseAddress! + total, Self.length - total)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                throw StoreError(.masterKey, "cannot write the master key file \(path): \(String(cString: strerror(errno)))")
            }
            total += count
        }
        guard fsync(descriptor) == 0 else {
            throw StoreError(.masterKey, "cannot flush the master key file \(path) to disk: \(String(cString: strerror(errno)))")
        }
    }

    /// Refuses a key file others could read, or one that cannot be a key.
    private static func checkPermissionsAndSize(_ descriptor: Int32, path: String) throws(StoreError) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw StoreError(.masterKey, "cannot inspect the master key file \(path): \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw StoreError(.masterKey, "the master key file \(path) (master_key_file) is not a regular file")
        }
        // Someone else's file could hold a key they know (planted before the first `secret set`).
        guard info.st_uid == geteuid() else {
            throw StoreError(.masterKey, "the master key file \(path) belongs to user id \(info.st_uid), not to the user running facteur (\(geteuid())); run facteur as its owner, or: chown \(geteuid()) \(path)")
        }
        let mode = info.st_mode & 0o777
        guard mode & ~0o600 == 0 else {
            throw StoreError(.masterKey, "the master key file \(path) has mode \(octal(mode)), wider than 0600: other users could decrypt every stored secret; run: chmod 600 \(path)")
        }
        guard info.st_size == length else {
            throw StoreError(.masterKey, "the master key file \(path) is \(info.st_size) bytes long, not \(length): it is not a Facteur master key (restore the right file from its backup)")
        }
    }

    /// Flushes a directory so a newly created file's entry survives a crash. Best effort: some file
    /// systems refuse `fsync` on a directory, and the file's own data is already on disk.
    private static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func octal(_ mode: mode_t) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
