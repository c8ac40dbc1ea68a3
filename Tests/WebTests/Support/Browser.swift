import Foundation
import Hummingbird
import HummingbirdTesting

/// A minimal browser over HummingbirdTesting's live client: keeps cookies between requests,
/// reads the CSRF token out of the last page and, like a real browser on Facteur's own page, sends
/// `Origin: http://localhost` (the live client's host) with every POST.
struct Browser {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    /// The `Origin` sent with POSTs; nil sends none.
    var origin: String? = "http://localhost"
    /// The `Accept-Language` header sent, if any (a French bookkeeper's browser sends `fr-FR,fr;q=0.9`).
    var acceptLanguage: String?

    init(_ client: any TestClientProtocol, acceptLanguage: String? = nil) {
        self.client = client
        self.acceptLanguage = acceptLanguage
    }

    @discardableResult
    mutating func get(_ uri: String) async throws -> TestResponse {
        try await send(uri, method: .get)
    }

    @discardableResult
    mutating func post(_ uri: String, form: [(String, String)]) async throws -> TestResponse {
        try await send(uri, method: .post, body: Self.encode(form))
    }

    mutating func send(_ uri: String, method: HTTPRequest.Method, body: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if !cookies.isEmpty {
            headers[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        }
        if body != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        if method == .post, let origin { headers[.origin] = origin }
        if let acceptLanguage { headers[.acceptLanguage] = acceptLanguage }
        let response = try await client.executeRequest(uri: uri, method: method, headers: headers,
                                                       body: body.map { ByteBuffer(string: $0) })
        for line in response.headers[values: .setCookie] {
            let pair = line.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            if pair[1].isEmpty { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = String(pair[1]) }
        }
        return response
    }

    static func encode(_ form: [(String, String)]) -> String {
        form.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    private static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

extension TestResponse {
    /// The body as text.
    var text: String { String(buffer: body) }

    /// The first form's CSRF token on the page.
    func csrfToken() throws -> String {
        guard let match = text.firstMatch(of: /name="csrf" value="([0-9a-f]{64})"/) else {
            throw TestFailure("no CSRF token on the page (status \(status))")
        }
        return String(match.1)
    }
}

/// A test precondition that did not hold.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
