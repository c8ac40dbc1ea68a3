import FoundationEssentials
import Hummingbird
import Store
import Synchronization

/// The login sessions, kept server side: the cookie `facteur_session` holds 32 random bytes (hex)
/// that name an entry here, with its expiry (12 hours) and a fingerprint of the password it was
/// opened with.
///
/// A session ends when the owner logs out (the entry is removed), when it expires, and when the
/// password changes or is cleared (`facteur web-password` from another process): the fingerprint
/// no longer matches the stored hash, so every session opened with the old password is refused at
/// its next request. A restart ends every session (entries live in memory only). There is one user
/// (the owner), so a session names nobody.
final class SessionCookie: Sendable {
    /// The cookie's name.
    static let name = "facteur_session"
    /// How long a session lasts.
    static let lifetime: TimeInterval = 12 * 3600
    /// The most sessions kept at once; the oldest goes first beyond it (a flood of logins cannot
    /// grow memory without bound).
    static let capacity = 256

    private struct Entry {
        var expiry: Date
        var passwordFingerprint: String
    }

    let secureCookies: Bool
    private let sessions = Mutex<[String: Entry]>([:])

    /// Creates an empty registry.
    init(secureCookies: Bool) {
        self.secureCookies = secureCookies
    }

    /// Opens a session for the password whose stored hash is `passwordHash`, and its cookie.
    func issue(now: Date, passwordHash: String) -> Cookie {
        let token = Signer.randomHex()
        let entry = Entry(expiry: now.addingTimeInterval(Self.lifetime), passwordFingerprint: Self.fingerprint(passwordHash))
        sessions.withLock { sessions in
            sessions = sessions.filter { $0.value.expiry > now }
            while sessions.count >= Self.capacity, let oldest = sessions.min(by: { $0.value.expiry < $1.value.expiry }) {
                sessions[oldest.key] = nil
            }
            sessions[token] = entry
        }
        return Cookie(name: Self.name, value: token, maxAge: Int(Self.lifetime), path: "/",
                      secure: secureCookies, httpOnly: true, sameSite: .strict)
    }

    /// A cookie that makes the browser forget the session.
    func cleared() -> Cookie {
        Cookie(name: Self.name, value: "", maxAge: 0, path: "/", secure: secureCookies, httpOnly: true, sameSite: .strict)
    }

    /// Whether the request carries a live session opened with the password stored now.
    /// - Parameter passwordHash: The stored hash now; nil when no password is set (no session is
    ///   valid then).
    func isValid(_ request: Request, now: Date, passwordHash: String?) -> Bool {
        guard let token = request.cookies[Self.name]?.value, Signer.isHex64(token), let passwordHash else { return false }
        let fingerprint = Self.fingerprint(passwordHash)
        return sessions.withLock { sessions in
            guard let entry = sessions[token] else { return false }
            guard entry.expiry > now, HMAC.constantTimeEquals(Array(entry.passwordFingerprint.utf8), Array(fingerprint.utf8)) else {
                sessions[token] = nil
                return false
            }
            return true
        }
    }

    /// Ends the request's session on the server (logout): its cookie is worthless from now on,
    /// even if a copy of it was kept.
    func end(_ request: Request) {
        guard let token = request.cookies[Self.name]?.value else { return }
        _ = sessions.withLock { $0.removeValue(forKey: token) }
    }

    /// How many sessions are open (tests).
    var openCount: Int { sessions.withLock { $0.count } }

    private static func fingerprint(_ passwordHash: String) -> String {
        SHA256.hex(of: passwordHash)
    }
}
