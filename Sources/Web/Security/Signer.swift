import Store

/// Signs short strings with HMAC-SHA256 under a per-process random key, for one purpose each
/// (sessions, CSRF tokens, notices), so a value signed for one purpose is useless for another.
///
/// The key lives only in memory: a restart invalidates every session and open form, which is
/// the intended trade-off (nothing secret to store, nothing to rotate).
struct Signer: Sendable {
    private let key: [UInt8]

    /// A signer with a fresh 32-byte key from the system CSPRNG.
    init() {
        var generator = SystemRandomNumberGenerator()
        key = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// The hex HMAC-SHA256 of a value.
    func sign(_ value: String) -> String {
        HMAC.sha256Hex(key: key, message: value)
    }

    /// Whether a signature matches a value, compared in constant time.
    func verify(_ value: String, signature: String) -> Bool {
        HMAC.constantTimeEquals(sign(value), signature)
    }

    /// 32 random bytes as 64 lower-case hex characters.
    static func randomHex() -> String {
        var generator = SystemRandomNumberGenerator()
        return SHA256.hex((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// Whether a string is exactly 64 lower-case hex characters.
    static func isHex64(_ value: String) -> Bool {
        value.utf8.count == 64 && value.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
