import FoundationEssentials
import Hummingbird

/// The login session: cookie `facteur_session` = `<expiry>.<HMAC(key, expiry)>`, valid 12 hours.
///
/// Nothing is stored server side; the HMAC under the per-process key is the proof. There is
/// one user (the owner), so the cookie names nobody.
struct SessionCookie: Sendable {
    /// The cookie's name.
    static let name = "facteur_session"
    /// How long a session lasts.
    static let lifetime: TimeInterval = 12 * 3600

    let signer = Signer()
    let secureCookies: Bool

    /// A new session cookie.
    func issue(now: Date) -> Cookie {
        let expiry = String(Int64(now.timeIntervalSince1970 + Self.lifetime))
        return Cookie(name: Self.name, value: "\(expiry).\(signer.sign(expiry))", maxAge: Int(Self.lifetime), path: "/",
                      secure: secureCookies, httpOnly: true, sameSite: .strict)
    }

    /// A cookie that makes the browser forget the session.
    func cleared() -> Cookie {
        Cookie(name: Self.name, value: "", maxAge: 0, path: "/", secure: secureCookies, httpOnly: true, sameSite: .strict)
    }

    /// Whether the request carries a session signed by this process that has not expired.
    func isValid(_ request: Request, now: Date) -> Bool {
        guard let value = request.cookies[Self.name]?.value else { return false }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let expiry = Int64(parts[0]), signer.verify(String(parts[0]), signature: String(parts[1])) else {
            return false
        }
        return Double(expiry) > now.timeIntervalSince1970
    }
}
