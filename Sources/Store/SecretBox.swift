internal import COpenSSL

/// Seals and opens secrets with AES-256-GCM (OpenSSL EVP) under a ``MasterKey``.
///
/// Every seal draws a fresh 12-byte nonce from OpenSSL's CSPRNG, so sealing the same value twice
/// gives unrelated ciphertexts, and GCM's 16-byte tag authenticates the nonce, the ciphertext and the
/// secret's name (as additional authenticated data): a row altered in any way, or copied under
/// another name, fails to open instead of yielding a wrong value.
///
/// Plaintext copies this type makes are overwritten (`OPENSSL_cleanse`) before their memory is
/// released; the `String`s handed in and out are the caller's, and Swift cannot wipe those.
///
/// ```swift
/// let box = SecretBox(masterKey: try MasterKey.loadOrCreate(path: "/var/lib/facteur/master.key"))
/// let sealed = try box.seal("s3cr3t", name: "smtp_password")
/// let value = try box.open(sealed, name: "smtp_password")
/// ```
public struct SecretBox: Sendable {
    /// A sealed secret as stored in the `secrets` table.
    public struct Sealed: Sendable, Hashable, CustomStringConvertible {
        /// The 12-byte GCM nonce, random for each seal.
        public var nonce: [UInt8]
        /// The encrypted value (as long as the value's UTF-8).
        public var ciphertext: [UInt8]
        /// The 16-byte GCM authentication tag.
        public var tag: [UInt8]

        /// Creates a sealed secret from its stored parts.
        public init(nonce: [UInt8], ciphertext: [UInt8], tag: [UInt8]) {
            self.nonce = nonce
            self.ciphertext = ciphertext
            self.tag = tag
        }

        /// Sizes only.
        public var description: String { "sealed secret (\(ciphertext.count) bytes)" }
    }

    /// The nonce length in bytes (GCM's standard 96 bits).
    public static let nonceLength = 12
    /// The tag length in bytes (GCM's full 128 bits).
    public static let tagLength = 16

    /// The key.
    public let masterKey: MasterKey

    /// Creates a box that seals and opens with `masterKey`.
    public init(masterKey: MasterKey) {
        self.masterKey = masterKey
    }

    /// Encrypts a value for a name.
    ///
    /// - Parameters:
    ///   - value: The secret; encrypted as UTF-8.
    ///   - name: The secret's name, authenticated with it: opening under another name fails.
    /// - Returns: A fresh nonce, the ciphertext and the tag.
    /// - Throws: ``StoreError`` `.secret` when the random generator or OpenSSL fails (the message
    ///   names the secret, never its value).
    public func seal(_ value: String, name: String) throws(StoreError) -> Sealed {
        let plaintext = SecureBuffer(copying: Array(value.utf8))
        let output = SecureBuffer(count: plaintext.count)
        let nonce = [UInt8](unsafeUninitializedCapacity: Self.nonceLength) { buffer, count in
            count = RAND_bytes(buffer.baseAddress, Int32(Self.nonceLength)) == 1 ? Self.nonceLength : 0
        }
        guard nonce.count == Self.nonceLength else {
            ERR_clear_error()
            throw StoreError(.secret, "the system random generator failed; secret \"\(name)\" was not stored")
        }
        var tag = [UInt8](repeating: 0, count: Self.tagLength)
        let aad = Array(name.utf8)
        let sealed = masterKey.withUnsafeBytes { key in
            run(encrypting: true, key: key, nonce: nonce, aad: aad, input: plaintext, output: output, tag: &tag)
        }
        guard sealed else {
            ERR_clear_error()
            throw StoreError(.secret, "OpenSSL could not encrypt secret \"\(name)\"")
        }
        return Sealed(nonce: nonce, ciphertext: output.array(), tag: tag)
    }

    /// Decrypts and authenticates a sealed value for a name.
    ///
    /// - Parameters:
    ///   - sealed: What ``seal(_:name:)`` returned.
    ///   - name: The name it was sealed for.
    /// - Returns: The value.
    /// - Throws: ``StoreError`` `.secret` when the parts have the wrong sizes, or authentication
    ///   fails: the key is not the one the value was sealed with, or the nonce, ciphertext, tag or
    ///   name changed. Nothing decrypted is returned or shown in that case.
    public func open(_ sealed: Sealed, name: String) throws(StoreError) -> String {
        guard sealed.nonce.count == Self.nonceLength, sealed.tag.count == Self.tagLength else {
            throw StoreError(.secret, "secret \"\(name)\" is malformed (nonce or tag of the wrong size); set it again")
        }
        let input = SecureBuffer(copying: sealed.ciphertext)
        let output = SecureBuffer(count: input.count)
        var tag = sealed.tag
        let opened = masterKey.withUnsafeBytes { key in
            run(encrypting: false, key: key, nonce: sealed.nonce, aad: Array(name.utf8), input: input, output: output, tag: &tag)
        }
        guard opened else {
            ERR_clear_error()  // leave no stale error for the next OpenSSL user (libcurl's TLS)
            throw StoreError(.secret, "cannot open secret \"\(name)\": the master key (master_key_file) is not the one it was stored with, or the stored row was altered")
        }
        return output.string()
    }

    /// One GCM pass; on decryption `tag` is the expected tag, on encryption it receives the tag.
    /// - Returns: Whether every step succeeded (for decryption: whether the tag verified).
    private func run(encrypting: Bool, key: UnsafeRawBufferPointer, nonce: [UInt8], aad: [UInt8],
                     input: SecureBuffer, output: SecureBuffer, tag: inout [UInt8]) -> Bool {
        guard key.count == MasterKey.length, input.count < Int(Int32.max), aad.count < Int(Int32.max),
              let context = EVP_CIPHER_CTX_new() else { return false }
        // Freeing the context also cleanses the expanded key schedule it holds.
        defer { EVP_CIPHER_CTX_free(context) }
        let keyBytes = key.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let initialise = encrypting ? EVP_EncryptInit_ex : EVP_DecryptInit_ex
        let update = encrypting ? EVP_EncryptUpdate : EVP_DecryptUpdate
        guard initialise(context, EVP_aes_256_gcm(), nil, nil, nil) == 1,
              EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_IVLEN, Int32(Self.nonceLength), nil) == 1,
              initialise(context, nil, nil, keyBytes, nonce) == 1 else { return false }
        var length: Int32 = 0
        if !aad.isEmpty, update(context, nil, &length, aad, Int32(aad.count)) != 1 { return false }
        if input.count > 0, update(context, output.pointer, &length, input.pointer, Int32(input.count)) != 1 { return false }
        // GCM is a stream mode: the final call writes nothing, but it checks (decrypt) or computes the tag.
        var spare = [UInt8](repeating: 0, count: 16)
        if encrypting {
            return EVP_EncryptFinal_ex(context, &spare, &length) == 1
                && EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, Int32(Self.tagLength), &tag) == 1
        }
        return EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, Int32(Self.tagLength), &tag) == 1
            && EVP_DecryptFinal_ex(context, &spare, &length) == 1
    }
}

/// Bytes this module allocates for plaintext and overwrites before releasing.
private final class SecureBuffer {
    let pointer: UnsafeMutablePointer<UInt8>
    let count: Int

    /// Zeroed bytes; at least one is allocated so the pointer is never null.
    init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    /// A copy of `bytes`; the argument is wiped too, since it is a plaintext copy made for us.
    convenience init(copying bytes: consuming [UInt8]) {
        self.init(count: bytes.count)
        bytes.withUnsafeMutableBufferPointer { source in
            guard let base = source.baseAddress else { return }
            pointer.update(from: base, count: source.count)
            OPENSSL_cleanse(base, source.count)
        }
    }

    deinit {
        OPENSSL_cleanse(pointer, max(count, 1))
        pointer.deallocate()
    }

    func array() -> [UInt8] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    func string() -> String { String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self) }
}
