/// Switches that make the next calls fail the way Qonto and S3 fail, for retry and recovery tests.
///
/// Each switch arms a countdown: the next `count` matching requests fail, then the sandbox
/// behaves normally again. "API calls" are the `/v2/*` routes that exist (not OAuth, not file
/// downloads, not the admin routes). When several API switches are armed, the first in this
/// order fires: unauthorized, too many requests, server error.
///
/// The same switches are reachable from another process with
/// `POST /_sandbox/faults {"fault": "too_many_requests", "count": 2, "retry_after": 1}`.
///
/// ```swift
/// await sandbox.faults.tooManyRequests(next: 1, retryAfter: 2)
/// // the next /v2 call gets 429 with `Retry-After: 2`, the one after succeeds
/// ```
public actor SandboxFaults {
    /// A failure the middleware must produce for one API call.
    enum APIFault: Equatable {
        case unauthorized
        case tooManyRequests(retryAfter: Int?)
        case serverError(status: Int)
    }

    private var unauthorizedLeft = 0
    private var tooManyRequestsLeft = 0
    private var retryAfter: Int?
    private var serverErrorsLeft = 0
    private var serverErrorStatus = 500
    private var truncatedDownloadsLeft = 0
    private var truncatedBodiesLeft = 0
    private var expiredURLsLeft = 0
    private let oauth: OAuthAuthority

    init(oauth: OAuthAuthority) {
        self.oauth = oauth
    }

    /// The next `count` API calls get `429 Too Many Requests` with a JSON:API body
    /// (`code: too_many_requests`), with `Retry-After: <seconds>` when `seconds` is not `nil`.
    public func tooManyRequests(next count: Int, retryAfter seconds: Int?) {
        tooManyRequestsLeft = max(0, count)
        retryAfter = seconds
    }

    /// The next `count` API calls fail with `status`: 500 → JSON:API body
    /// (`internal_server_error`); 502 → the gateway's `text/html` "Bad Gateway" page; 503 and any
    /// other status → JSON:API body (`service_unavailable` for 503).
    public func serverError(next count: Int, status: Int = 500) {
        serverErrorsLeft = max(0, count)
        serverErrorStatus = status
    }

    /// The next `count` API calls get `401` with a JSON:API body, even with valid credentials.
    public func unauthorized(next count: Int) {
        unauthorizedLeft = max(0, count)
    }

    /// The next `count` `/files/…` downloads announce the full `Content-Length` but the
    /// connection closes after half the body.
    public func truncateDownloads(next count: Int) {
        truncatedDownloadsLeft = max(0, count)
    }

    /// The next `count` successful API calls answer `200` with JSON cut off halfway (a body that
    /// cannot be parsed), as a proxy or a dropped connection with a matching length would give.
    public func truncateBodies(next count: Int) {
        truncatedBodiesLeft = max(0, count)
    }

    /// The next `count` attachment URLs minted by `GET /v2/attachments/{id}` are already expired
    /// (their `X-Amz-Date` lies further in the past than `X-Amz-Expires`).
    public func expireAttachmentURLs(next count: Int) {
        expiredURLsLeft = max(0, count)
    }

    /// Every access and refresh token issued so far dies: API calls with them get 401 and
    /// refreshing gets `invalid_grant`. Tokens issued afterwards work. This is what a user's
    /// "disconnect the app" (`DELETE /v2/oauth2/consents`) does.
    public func revokeAllTokens() async {
        await oauth.revokeAll()
    }

    /// Disarms every countdown (tokens already revoked stay revoked).
    public func reset() {
        unauthorizedLeft = 0
        tooManyRequestsLeft = 0
        retryAfter = nil
        serverErrorsLeft = 0
        serverErrorStatus = 500
        truncatedDownloadsLeft = 0
        truncatedBodiesLeft = 0
        expiredURLsLeft = 0
    }

    // MARK: Consumption (one call each)

    /// The fault for this API call, if a countdown is armed; decrements it.
    func takeAPIFault() -> APIFault? {
        if unauthorizedLeft > 0 { unauthorizedLeft -= 1; return .unauthorized }
        if tooManyRequestsLeft > 0 { tooManyRequestsLeft -= 1; return .tooManyRequests(retryAfter: retryAfter) }
        if serverErrorsLeft > 0 { serverErrorsLeft -= 1; return .serverError(status: serverErrorStatus) }
        return nil
    }

    /// Whether this download must be cut short; decrements the countdown.
    func takeTruncatedDownload() -> Bool {
        guard truncatedDownloadsLeft > 0 else { return false }
        truncatedDownloadsLeft -= 1
        return true
    }

    /// Whether this successful API answer must be cut short; decrements the countdown.
    func takeTruncatedBody() -> Bool {
        guard truncatedBodiesLeft > 0 else { return false }
        truncatedBodiesLeft -= 1
        return true
    }

    /// Whether this minted URL must be expired; decrements the countdown.
    func takeExpiredURL() -> Bool {
        guard expiredURLsLeft > 0 else { return false }
        expiredURLsLeft -= 1
        return true
    }
}
