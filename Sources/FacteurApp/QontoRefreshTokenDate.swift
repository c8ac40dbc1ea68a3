public import FacteurCore
public import Foundation

/// When the stored Qonto OAuth refresh token was issued, kept beside it in the tokens secret
/// (`qonto_oauth_tokens`) under ``key``, so the two are written together and can never disagree.
///
/// Qonto's refresh tokens last 90 days and rotate at every refresh: the date is set whenever a
/// different refresh token is stored, and kept when the same one is stored again. Tokens stored by
/// an earlier release have no date: their expiry is ``FacteurCore/RefreshTokenExpiry/unknown``
/// until the next refresh or `facteur connect`.
public enum QontoRefreshTokenDate {
    /// The JSON key of the issue date (Timestamp format) in the tokens secret.
    public static let key = "refresh_token_issued_at"

    /// The tokens' JSON with the refresh token's issue date added.
    /// - Parameters:
    ///   - tokens: The tokens as encoded (a JSON object holding `refreshToken`).
    ///   - previous: The tokens secret stored before, if any.
    ///   - now: The time a new refresh token is stamped with.
    /// - Returns: The JSON to store; `tokens` unchanged when it is not a JSON object.
    public static func stamp(_ tokens: Data, previous: String?, now: Date) -> Data {
        guard var object = (try? JSONSerialization.jsonObject(with: tokens)) as? [String: Any] else { return tokens }
        let before = previous.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } as? [String: Any]
        if let before, let kept = before[key] as? String, Timestamp.parse(kept) != nil,
           let token = object["refreshToken"] as? String, before["refreshToken"] as? String == token {
            object[key] = kept
        } else {
            object[key] = Timestamp.format(now)
        }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? tokens
    }

    /// What the stored tokens secret says of the refresh token's expiry.
    /// - Parameter stored: The `qonto_oauth_tokens` secret, nil when not connected.
    public static func expiry(of stored: String?) -> RefreshTokenExpiry {
        guard let stored else { return .none }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(stored.utf8))) as? [String: Any],
              let text = object[key] as? String, let issued = Timestamp.parse(text) else { return .unknown }
        return .issued(at: issued)
    }
}
