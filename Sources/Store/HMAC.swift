internal import COpenSSL

/// HMAC-SHA256 (RFC 2104) through OpenSSL's one-shot `EVP_Q_mac`, and a constant-time comparison.
///
/// The web pages sign their session and CSRF cookies with it; Store owns it because only Store
/// imports OpenSSL.
///
/// ```swift
/// let tag = HMAC.sha256(key: key, message: Array("payload".utf8))
/// let same = HMAC.constantTimeEquals(tag, expected)
/// ```
public enum HMAC {
    /// The HMAC-SHA256 of a message.
    /// - Parameters:
    ///   - key: The secret key (any length; 32 random bytes is the usual choice).
    ///   - message: The bytes to authenticate.
    /// - Returns: The 32-byte tag.
    public static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        // OpenSSL reads the key and data only; an empty buffer still needs a valid pointer.
        let keyBytes = key.isEmpty ? [0] : key
        return keyBytes.withUnsafeBytes { sha256(key: $0, keyLength: key.count, message: message) }
    }

    /// The HMAC-SHA256 of a message under a key held in memory Facteur owns (the master key), so
    /// the key is never copied into a Swift array.
    static func sha256(key keyBuffer: UnsafeRawBufferPointer, message: [UInt8]) -> [UInt8] {
        sha256(key: keyBuffer, keyLength: keyBuffer.count, message: message)
    }

    private static func sha256(key keyBuffer: UnsafeRawBufferPointer, keyLength: Int, message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length = 0
        let messageBytes = message.isEmpty ? [0] : message
        let result = messageBytes.withUnsafeBytes { messageBuffer in
            out.withUnsafeMutableBytes { outBuffer in
                EVP_Q_mac(nil, "HMAC", nil, "SHA256", nil,
                          keyBuffer.baseAddress, keyLength,
                          messageBuffer.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count,
                          outBuffer.baseAddress?.assumingMemoryBound(to: UInt8.self), 32, &length)
            }
        }
        guard result != nil, length == 32 else { fatalError("OpenSSL cannot compute HMAC-SHA256") }
        return out
    }

    /// The HMAC-SHA256 of a string's UTF-8 bytes, as 64 lower-case hex characters.
    public static func sha256Hex(key: [UInt8], message: String) -> String {
        SHA256.hex(sha256(key: key, message: Array(message.utf8)))
    }

    /// Whether two byte strings are equal, in time that depends only on their lengths (not on
    /// where they first differ), so a tag cannot be guessed byte by byte from response times.
    public static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }

    /// Whether two strings have the same UTF-8 bytes, compared in constant time.
    public static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        constantTimeEquals(Array(lhs.utf8), Array(rhs.utf8))
    }
}
