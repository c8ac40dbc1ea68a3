import Curl
import FacteurCore
public import Foundation

/// The Qonto Business API over libcurl.
///
/// Every call goes through ``get(_:query:)``, which adds authentication, the staging token and an
/// honest User-Agent, and applies the error policy:
/// - 429: wait `Retry-After` seconds when given, else 1, 2, 4… s; up to 5 tries;
/// - 5xx and transport failures: 1, 2, 4 s; up to 3 tries;
/// - 401: with OAuth, refresh once and retry; then (or with an API key) an authentication error;
/// - 403: a ``QontoError/Code/forbidden`` naming the missing scope when Qonto says which;
/// - an answer that is not JSON (a login page, a gateway error page): a clear error.
///
/// Every request first waits its turn in the process-wide ``QontoRequestBudget`` under the
/// settings' ``QontoSettings/label``, which also counts the 429 and 401 answers.
///
/// - Important: Blocking; use from one dedicated thread at a time (``CurlWorker``).
public final class QontoClient {
    /// The settings.
    public let settings: QontoSettings
    let credentials: QontoCredentials
    let http: CurlHTTPClient
    let sleep: (Double) -> Void
    /// The pace shared with every other client of the process (``QontoRequestBudget/shared``).
    public let requestBudget: QontoRequestBudget
    /// Requests made (for the idle-poll figure: one per endpoint).
    public internal(set) var requestCount = 0
    /// Asked while a request waits, at least every second: for its turn in the
    /// ``QontoRequestBudget``, and before retrying after a 429 (`Retry-After` may be 300 s), a 5xx or
    /// a transport failure. True gives the wait up and throws ``QontoError/Code/stopped``, so a
    /// shutdown never waits for the long window to roll or for Qonto's pause to end. The sync sets
    /// it from its own stop check; without it (`nil`) every wait is one sleep.
    public var shouldStop: (@Sendable () -> Bool)?
    /// ``bankAccounts()``, once fetched.
    var cachedBankAccounts: [(id: String, iban: String?)]?

    /// Creates a client.
    /// - Parameters:
    ///   - settings: Hosts, TLS, staging token.
    ///   - credentials: API key or OAuth session.
    ///   - budget: The process's request budget (default ``QontoRequestBudget/shared``); tests
    ///     pass their own, on a manual clock.
    ///   - sleep: How to wait between retries (seconds); tests pass a recorder.
    /// - Throws: ``QontoError`` when libcurl cannot be prepared.
    public init(settings: QontoSettings, credentials: QontoCredentials, budget: QontoRequestBudget = .shared,
                sleep: @escaping (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }) throws(QontoError) {
        self.settings = settings
        self.credentials = credentials
        requestBudget = budget
        self.sleep = sleep
        do {
            http = try CurlHTTPClient(settings: settings.http)
        } catch {
            throw QontoError(.transport, "cannot prepare libcurl: \(error)")
        }
    }

    /// This client's way through the budget, under its label.
    var gate: RequestGate {
        RequestGate(budget: requestBudget, label: settings.label, credentials: credentialsFingerprint, shouldStop: shouldStop)
    }

    /// A per-process hash of the credentials in use (never the secret itself, never logged): the
    /// budget's per-label 401 cap counts per credentials, so changed credentials are tried at once.
    /// With OAuth, the stored refresh token stands for the grant (a reconnect replaces it). The API
    /// address is part of it: one login at another address is another organisation.
    var credentialsFingerprint: Int {
        var hasher = Hasher()
        hasher.combine(settings.apiURL)
        switch credentials {
        case .apiKey(let login, let secret):
            hasher.combine(login)
            hasher.combine(secret.exposedValue)
        case .oauth(let session):
            hasher.combine(session.clientID)
            hasher.combine(session.grantFingerprint())
        }
        return hasher.finalize()
    }

    /// The headers every request carries besides authentication.
    var commonHeaders: [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = [("Accept", "application/json")]
        if let token = settings.stagingToken { headers.append(("X-Qonto-Staging-Token", token.exposedValue)) }
        return headers
    }

    /// GETs an API path and returns the decoded JSON object.
    /// - Parameters:
    ///   - path: e.g. `/v2/supplier_invoices`.
    ///   - query: Query items, in order (names unescaped, e.g. `filter[updated_at_from]`).
    /// - Throws: ``QontoError``.
    public func get(_ path: String, query: [(String, String)] = []) throws(QontoError) -> [String: Any] {
        let url = settings.apiURL + path + FormEncoding.query(query)
        var budget = HTTPRetryBudget(), refreshed = false
        while true {
            let (response, usedToken) = try send(url: url, path: path)
            switch response.status {
            case 200..<300:
                let decoded = Result { () throws(QontoError) in try Self.decodeObject(response, path: path) }
                switch decoded {
                case .success(let object):
                    return object
                case .failure(let error):
                    guard Self.isUnreadableJSON(response) else { throw error }
                    // A JSON answer that does not parse was cut short or garbled on the way: retried like a 5xx.
                    guard let wait = budget.afterUnreadableBody() else {
                        throw QontoError(.server, "Qonto answered \(path) with unreadable JSON (cut short?) \(budget.serverErrors) times",
                                         status: response.status)
                    }
                    try pause(wait, before: path)
                }
            case 401:
                if case .oauth(let session) = credentials, !refreshed, let usedToken {
                    refreshed = true
                    try session.refresh(after: usedToken, using: http, extraHeaders: commonHeaders, gate: gate)
                    continue
                }
                throw QontoError(.authentication, "Qonto refused the credentials for \(path) (401): check qonto_login and qonto_secret_key, or run `facteur connect`", status: 401)
            case 403:
                throw Self.forbidden(response, path: path)
            case 404:
                throw QontoError(.notFound, "Qonto has no \(path) (404)", status: 404)
            case 429:
                let wait = budget.afterRateLimit(retryAfter: Self.retryAfter(response))
                requestBudget.recordThrottled(label: settings.label)
                guard let wait else {
                    throw QontoError(.rateLimited, "Qonto kept answering 429 Too Many Requests for \(path)", status: 429)
                }
                try pause(wait, before: path)
            case 500..<600:
                guard let wait = budget.afterServerError() else {
                    throw QontoError(.server, "Qonto answered \(response.status) for \(path) \(budget.serverErrors) times", status: response.status)
                }
                try pause(wait, before: path)
            default:
                throw QontoError(.rejected, "Qonto refused \(path) (\(response.status)): \(Self.errorDetail(response))", status: response.status)
            }
        }
    }

    /// One HTTP exchange with authentication; transport failures are retried here.
    private func send(url: String, path: String) throws(QontoError) -> (HTTPResponse, String?) {
        var budget = HTTPRetryBudget()
        while true {
            var headers = commonHeaders
            var token: String?
            switch credentials {
            case .apiKey(let login, let secret):
                headers.append(("Authorization", "\(login):\(secret.exposedValue)"))
            case .oauth(let session):
                let access = try session.accessToken(using: http, extraHeaders: commonHeaders, gate: gate)
                headers.append(("Authorization", "Bearer \(access)"))
                token = access
            }
            try gate.enter()
            requestCount += 1
            do {
                let response = try http.perform(HTTPRequest(url: url, headers: headers))
                gate.answered(response.status)
                return (response, token)
            } catch {
                guard let wait = budget.afterTransportFailure() else { throw QontoError(.transport, "cannot reach Qonto for \(path): \(error)") }
                try pause(wait, before: path)
            }
        }
    }

    static func decodeObject(_ response: HTTPResponse, path: String) throws(QontoError) -> [String: Any] {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] else {
            let type = response.headers["content-type"] ?? "no content type"
            let hint = type.contains("html") ? " (a login page? the Qonto sandbox needs qonto_staging_token)" : ""
            throw QontoError(.notJSON, "Qonto answered \(path) with \(type), not JSON\(hint)", status: response.status)
        }
        return object
    }

    /// Whether a success answer that did not decode claims to be JSON (or says nothing): then it
    /// was cut short or garbled, unlike an HTML page (a login gate), which no retry will change.
    static func isUnreadableJSON(_ response: HTTPResponse) -> Bool {
        guard let type = response.headers["content-type"]?.lowercased() else { return true }
        return type.contains("json")
    }

    static func retryAfter(_ response: HTTPResponse) -> Double? { response.retryAfter(cappedAt: 300) }

    static func errorDetail(_ response: HTTPResponse) -> String {
        let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        if let errors = json?["errors"] as? [[String: Any]], let detail = errors.first?["detail"] as? String {
            return HeaderSafe.line(detail)
        }
        if let message = json?["message"] as? String { return HeaderSafe.line(message) }
        return response.headers["content-type"].map { "non-JSON answer (\($0))" } ?? "no detail"
    }

    static func forbidden(_ response: HTTPResponse, path: String) -> QontoError {
        let detail = errorDetail(response)
        if let range = detail.range(of: "missing required OAuth scope") {
            let scope = detail[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: ": "))
            return QontoError(.forbidden, "Qonto refused \(path): the connection lacks the OAuth scope \(scope.isEmpty ? "needed" : scope); run `facteur connect` again to grant it", status: 403)
        }
        return QontoError(.forbidden, "Qonto refused \(path) (403: \(detail)); the plan or the user's role may not allow it", status: 403)
    }
}

/// A client's way through the ``QontoRequestBudget``: every Qonto request (API call, download,
/// token refresh) enters before it goes, and reports 401 answers.
struct RequestGate {
    let budget: QontoRequestBudget
    let label: String
    /// The client's ``QontoClient/credentialsFingerprint``.
    var credentials = 0
    var shouldStop: (@Sendable () -> Bool)?

    /// Waits for this request's turn.
    /// - Throws: ``QontoError`` `.credentialsBreaker`, `.authFailureBreaker`, `.stopped`.
    func enter() throws(QontoError) {
        try budget.acquire(label: label, credentials: credentials, shouldStop: shouldStop)
    }

    /// Counts the answer when the 401 caps must know about it.
    func answered(_ status: Int) {
        if status == 401 { budget.recordUnauthorized(label: label, credentials: credentials) }
    }
}

/// Keeps server-provided text to one short line.
enum HeaderSafe {
    static func line(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > 200 ? String(flat.prefix(199)) + "…" : flat
    }
}
