internal import COpenSSL
import FoundationEssentials

/// Password hashing for the web pages' login: PBKDF2-HMAC-SHA256 with a random 16-byte salt,
/// stored as `pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>` (the Django/passlib layout).
///
/// 210 000 iterations follows OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.
///
/// ```swift
/// let stored = try PasswordHash.make(password: "correct horse battery staple")
/// PasswordHash.verify(password: attempt, against: stored)   // true or false, never throws
/// ```
public enum PasswordHash {
    /// Iterations used by ``make(password:)``.
    public static let iterations = 210_000
    /// The shortest password ``make(password:)`` accepts, in characters.
    public static let minimumLength = 12
    /// The prefix of the stored form.
    static let scheme = "pbkdf2-sha256"
    /// Refuse absurd work factors in a stored string (a tampered file must not stall the server).
    static let maximumIterations = 10_000_000

    /// Why a password was refused.
    public struct TooShort: Error, Sendable, CustomStringConvertible {
        /// One line for the operator.
        public var description: String {
            "the password must be at least \(PasswordHash.minimumLength) characters long"
        }
    }

    /// Hashes a new password with a fresh random salt.
    /// - Parameter password: The password (at least ``minimumLength`` characters).
    /// - Returns: The encoded hash to store.
    /// - Throws: ``TooShort`` when the password is shorter than ``minimumLength`` characters.
    public static func make(password: String) throws(TooShort) -> String {
        guard password.count >= minimumLength else { throw TooShort() }
        var salt = [UInt8](repeating: 0, count: 16)
        guard RAND_bytes(&salt, Int32(salt.count)) == 1 else { fatalError("OpenSSL's CSPRNG failed") }
        let hash = derive(password: password, salt: salt, iterations: iterations, length: 32)
        return "\(scheme)$\(iterations)$\(Data(salt).base64EncodedString())$\(Data(hash).base64EncodedString())"
    }

    /// Checks a password against a stored hash, comparing in constant time.
    /// - Parameters:
    ///   - password: The attempt.
    ///   - stored: A string made by ``make(password:)``.
    /// - Returns: Whether it matches; false for a malformed stored string.
    public static func verify(password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == scheme, let iterations = Int(parts[1]),
              iterations >= 1, iterations <= maximumIterations,
              let salt = Data(base64Encoded: String(parts[2])).map(Array.init), !salt.isEmpty,
              let expected = Data(base64Encoded: String(parts[3])).map(Array.init), expected.count >= 16, expected.count <= 64 else { return false }
        let actual = derive(password: password, salt: salt, iterations: iterations, length: expected.count)
        return HMAC.constantTimeEquals(actual, expected)
    }

    private static func derive(password: String, salt: [UInt8], iterations: Int, length: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: length)
        let passwordBytes = Array(password.utf8)
        let status = passwordBytes.withUnsafeBufferPointer { passwordBuffer in
            passwordBuffer.withMemoryRebound(to: CChar.self) { passwordChars in
                PKCS5_PBKDF2_HMAC(passwordChars.baseAddress, Int32(passwordBytes.count), salt, Int32(salt.count),
                                  Int32(iterations), EVP_sha256(), Int32(length), &out)
            }
        }
        guard status == 1 else { fatalError("OpenSSL cannot compute PBKDF2") }
        return out
    }
}
