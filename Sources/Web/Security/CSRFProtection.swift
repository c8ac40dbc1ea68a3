import Hummingbird

/// Double-submit CSRF protection bound to an HMAC.
///
/// Any page with a form sets the cookie `facteur_csrf` (32 random bytes as hex, HttpOnly,
/// SameSite=Strict) if the browser has none, and puts `HMAC(key, cookie)` in each form's hidden
/// `csrf` field. A POST is accepted only when its field matches its cookie. Another site can make
/// the browser send the cookie but can neither read it nor compute the HMAC without the key, and a
/// token copied from one browser is useless with another browser's cookie.
struct CSRFProtection: Sendable {
    /// The cookie's name.
    static let cookieName = "facteur_csrf"
    /// The form field's name.
    static let fieldName = "csrf"

    let signer = Signer()
    let secureCookies: Bool

    /// The token for a request's forms, and the cookie to set when the request had no valid one.
    func token(for request: Request) -> (token: String, cookie: Cookie?) {
        if let value = request.cookies[Self.cookieName]?.value, Signer.isHex64(value) {
            return (signer.sign(value), nil)
        }
        let value = Signer.randomHex()
        let cookie = Cookie(name: Self.cookieName, value: value, path: "/", secure: secureCookies, httpOnly: true,
                            sameSite: .strict)
        return (signer.sign(value), cookie)
    }

    /// Checks a submitted form against the request's cookie.
    /// - Throws: ``WebError/expiredForm`` (403) when the cookie or field is missing or they do not match.
    func verify(_ request: Request, form: FormFields) throws(WebError) {
        guard let cookie = request.cookies[Self.cookieName]?.value, Signer.isHex64(cookie),
              let token = form[Self.fieldName], signer.verify(cookie, signature: token) else {
            throw WebError.expiredForm
        }
    }
}
