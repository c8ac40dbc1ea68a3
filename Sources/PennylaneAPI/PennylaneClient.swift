import Curl
public import Foundation

/// Pennylane's Company API v2 over libcurl, read-only.
///
/// Every call goes through ``get(_:query:)``, which adds `Authorization: Bearer <token>`, waits
/// for the client-side limiter (25 requests per rolling 5 s, ``PennylaneRateLimiter``) and applies
/// the error policy:
/// - 429: wait `retry-after` seconds when given (capped at 60), else 1, 2, 4… s; up to 5 tries;
/// - 5xx and transport failures: 1, 2, 4 s; up to 3 tries;
/// - 401: ``PennylaneError/Code/authentication``; 403: ``PennylaneError/Code/forbidden`` naming the
///   missing scope when Pennylane says which; 404: ``PennylaneError/Code/notFound``;
/// - an answer that is not a JSON object: ``PennylaneError/Code/decoding``.
///
/// The token never appears in an error message.
///
/// - Important: Blocking; use from one dedicated thread at a time (``CurlWorker``).
public final class PennylaneClient {
    /// The settings.
    public let settings: PennylaneSettings
    let http: CurlHTTPClient
    let limiter: PennylaneRateLimiter
    let sleep: (Double) -> Void
    /// Requests sent so far (retries included).
    public internal(set) var requestCount = 0

    /// Creates a client.
    /// - Parameters:
    ///   - settings: Base URL, token, TLS, page sizes.
    ///   - limiter: The limiter for this token (default: the process's one for it, from
    ///     ``PennylaneLimiterRegistry/shared``, so clients of one token share its 25 per 5 s).
    ///   - sleep: How to wait (seconds), for the limiter and the retries; tests pass a recorder.
    /// - Throws: ``PennylaneError`` when libcurl cannot be prepared.
    public init(settings: PennylaneSettings, limiter: PennylaneRateLimiter? = nil,
                sleep: @escaping (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }) throws(PennylaneError) {
        self.settings = settings
        self.limiter = limiter ?? PennylaneLimiterRegistry.shared.limiter(forToken: settings.token)
        self.sleep = sleep
        do {
            http = try CurlHTTPClient(settings: settings.http)
        } catch {
            throw PennylaneError(.transport, "cannot prepare libcurl: \(error)")
        }
    }

    /// GETs an API path and returns the decoded JSON object.
    /// - Parameters:
    ///   - path: Below the API base, e.g. `/suppliers`.
    ///   - query: Query items in order, unescaped (they are percent-encoded here).
    /// - Throws: ``PennylaneError``.
    public func get(_ path: String, query: [(String, String)] = []) throws(PennylaneError) -> [String: Any] {
        let url = settings.apiURL + path + FormEncoding.query(query)
        var budget = HTTPRetryBudget()
        while true {
            let response = try send(url: url, path: path)
            switch response.status {
            case 200..<300:
                return try Self.decodeObject(response, path: path)
            case 401:
                throw PennylaneError(.authentication, "Pennylane refused the API token for \(path) (401: \(detail(response))); "
                    + "check pennylane_token: a company token that is not expired or revoked", status: 401)
            case 403:
                throw forbidden(response, path: path)
            case 404:
                throw PennylaneError(.notFound, "Pennylane has no \(path) (404)", status: 404)
            case 429:
                guard let wait = budget.afterRateLimit(retryAfter: Self.retryAfter(response)) else {
                    throw PennylaneError(.rateLimited, "Pennylane kept answering 429 Too Many Requests for \(path)", status: 429)
                }
                sleep(wait)
            case 500..<600:
                guard let wait = budget.afterServerError() else {
                    throw PennylaneError(.server, "Pennylane answered \(response.status) for \(path) \(budget.serverErrors) times", status: response.status)
                }
                sleep(wait)
            default:
                throw PennylaneError(.rejected, "Pennylane refused \(path) (\(response.status)): \(detail(response))", status: response.status)
            }
        }
    }

    /// One HTTP exchange after the limiter; transport failures are retried here.
    private func send(url: String, path: String) throws(PennylaneError) -> HTTPResponse {
        var budget = HTTPRetryBudget()
        while true {
            limiter.acquire(sleep: sleep)
            requestCount += 1
            let request = HTTPRequest(url: url, headers: [("Accept", "application/json"), ("Authorization", "Bearer \(settings.token)")])
            do {
                return try http.perform(request)
            } catch {
                guard let wait = budget.afterTransportFailure() else {
                    throw PennylaneError(.transport, "cannot reach Pennylane for \(path): \(redact(error.description))")
                }
                sleep(wait)
            }
        }
    }

    static func decodeObject(_ response: HTTPResponse, path: String) throws(PennylaneError) -> [String: Any] {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] else {
            let type = response.headers["content-type"] ?? "no content type"
            throw PennylaneError(.decoding, "Pennylane answered \(path) with \(type), not a JSON object", status: response.status)
        }
        return object
    }

    /// `retry-after` in seconds, capped at 60; nil when absent or not a number.
    static func retryAfter(_ response: HTTPResponse) -> Double? { response.retryAfter(cappedAt: 60) }

    /// The error text of a body (`{"error": …}`, `{"message": …}` or `{"errors": [{"detail"|"message": …}]}`),
    /// on one short line, with the token blanked out should the server echo it.
    func detail(_ response: HTTPResponse) -> String {
        let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        let errors = json?["errors"] as? [[String: Any]]
        let text = (json?["error"] as? String) ?? (json?["message"] as? String)
            ?? (errors?.first?["detail"] as? String) ?? (errors?.first?["message"] as? String)
        guard let text else { return response.headers["content-type"].map { "non-JSON answer (\($0))" } ?? "no detail" }
        let flat = redact(text.split(whereSeparator: \.isNewline).joined(separator: " "))
        return flat.count > 200 ? String(flat.prefix(199)) + "…" : flat
    }

    func forbidden(_ response: HTTPResponse, path: String) -> PennylaneError {
        let text = detail(response)
        if let scope = Self.scope(in: text) {
            return PennylaneError(.forbidden, "Pennylane refused \(path): the API token lacks the scope \(scope); "
                + "create a read-only token that includes it", status: 403)
        }
        return PennylaneError(.forbidden, "Pennylane refused \(path) (403: \(text)); the token's scopes, the plan or the role may not allow it", status: 403)
    }

    /// The first `resource:readonly` or `resource:all` word of a message.
    static func scope(in text: String) -> String? {
        let words = text.split { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") }
        return words.first { word in
            let parts = word.split(separator: ":")
            return parts.count == 2 && !parts[0].isEmpty && (parts[1] == "readonly" || parts[1] == "all")
        }.map(String.init)
    }

    /// The text with every occurrence of the token replaced.
    func redact(_ text: String) -> String {
        settings.token.isEmpty ? text : text.replacingOccurrences(of: settings.token, with: "<token>")
    }
}
