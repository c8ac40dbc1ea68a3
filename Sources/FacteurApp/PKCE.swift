import Foundation
import Store

/// A PKCE pair (RFC 7636, S256): a random verifier kept here, its SHA-256 challenge sent to Qonto.
public struct PKCE: Sendable, Hashable {
    /// The verifier (43 URL-safe characters from 32 random bytes).
    public var verifier: String
    /// `BASE64URL(SHA256(verifier))`.
    public var challenge: String

    /// A fresh pair from the system CSPRNG (getrandom on Linux).
    public static func generate() -> PKCE {
        let verifier = randomToken(bytes: 32)
        return PKCE(verifier: verifier, challenge: challenge(for: verifier))
    }

    /// The S256 challenge of a verifier.
    public static func challenge(for verifier: String) -> String {
        var hasher = SHA256()
        hasher.update(verifier)
        let hex = hasher.finalizeHex()
        var digest: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            digest.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return base64URL(digest)
    }

    /// URL-safe random text (also used for the OAuth `state`).
    public static func randomToken(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return base64URL((0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
