/// Where a secret store's master key comes from: already loaded, or the file `master_key_file`
/// read on each use. Shared by the engines' secret stores so that both read and create the key
/// under the same rules: reading never creates it; writing creates it only when no secret is
/// stored yet (a fresh key could not open those).
package enum MasterKeySource: Sendable, CustomStringConvertible {
    /// A key already loaded (tests, in-memory databases).
    case loaded(MasterKey)
    /// The key file (config `master_key_file`).
    case file(String)

    /// Names the key file only.
    package var description: String {
        switch self {
        case .loaded(let key): return "\(key)"
        case .file(let path): return "master key \(path)"
        }
    }

    /// Whether writing would have to create the key file, so the caller must say how many
    /// secrets are stored (``keyForWriting(storedSecrets:)``).
    package var mayCreateKey: Bool {
        if case .file(let path) = self { return !MasterKey.fileExists(at: path) }
        return false
    }

    /// The key to open a stored secret with.
    /// - Parameter name: The stored secret (named in the error).
    /// - Throws: ``StoreError`` `.masterKey` when the key file is missing, unsafe or malformed.
    package func keyForReading(secret name: String) throws(StoreError) -> MasterKey {
        switch self {
        case .loaded(let key):
            return key
        case .file(let path):
            guard MasterKey.fileExists(at: path) else {
                throw StoreError(.masterKey, "secret \"\(name)\" is stored, but the master key file \(path) (master_key_file) does not exist: restore it from its backup")
            }
            return try MasterKey.load(path: path)
        }
    }

    /// The key to seal a secret with, creating the key file when none exists and nothing is stored.
    /// - Parameter storedSecrets: How many secrets are stored (read only when ``mayCreateKey``).
    /// - Throws: ``StoreError`` `.masterKey` when the key file is unsafe, malformed, cannot be
    ///   created, or is missing while secrets are stored.
    package func keyForWriting(storedSecrets: Int) throws(StoreError) -> MasterKey {
        switch self {
        case .loaded(let key):
            return key
        case .file(let path):
            if !MasterKey.fileExists(at: path) {
                // A fresh key could not open what is already stored: say so rather than strand those secrets.
                guard storedSecrets == 0 else {
                    throw StoreError(.masterKey, "\(storedSecrets) secret(s) are stored, but the master key file \(path) (master_key_file) does not exist: restore it from its backup, or delete those secrets before setting new ones")
                }
            }
            return try MasterKey.loadOrCreate(path: path)
        }
    }
}
