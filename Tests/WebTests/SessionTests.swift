import FacteurTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import InMemoryLogging
import Logging
import Store
import Synchronization
import Testing
@testable import Web

/// The stored password hash, changed by the test as `facteur web-password` would from another process.
final class StoredPassword: Sendable {
    private let hash: Mutex<String?>
    init(_ password: String?) throws { hash = Mutex(try password.map { try PasswordHash.make(password: $0) }) }
    func set(_ password: String?) throws {
        let new = try password.map { try PasswordHash.make(password: $0) }
        hash.withLock { $0 = new }
    }
    func read() -> String? { hash.withLock { $0 } }
}

/// Sessions live on the server: logout, a new password and a cleared one end them at once.
@Suite struct SessionTests {
    static let password = "correct horse battery"

    func app(_ harness: WebHarness, host: String, stored: StoredPassword, logger: Logger? = nil)
        async throws -> Application<RouterResponder<WebRequestContext>> {
        let configuration = WebConfiguration(host: host, port: 0, templatesDirectory: WebHarness.templates,
                                             passwordHash: { stored.read() })
        return try await harness.application(configuration: configuration, logger: logger)
    }

    func logIn(_ browser: inout Browser, password: String = SessionTests.password, next: String? = nil) async throws -> TestResponse {
        let login = try await browser.get("/login")
        var form = [("csrf", try login.csrfToken()), ("password", password)]
        if let next { form.append(("next", next)) }
        return try await browser.post("/login", form: form)
    }

    @Test func aSessionCookieKeptAfterLogoutIsWorthless() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        let app = try await app(harness, host: "0.0.0.0", stored: try StoredPassword(Self.password))
        try await app.test(.live) { client in
            var browser = Browser(client)
            #expect(try await logIn(&browser).status == .seeOther)
            let page = try await browser.get("/")
            #expect(page.status == .ok)
            let kept = try #require(browser.cookies["facteur_session"])
            #expect(try await browser.post("/logout", form: [("csrf", try page.csrfToken())]).status == .seeOther)
            // When the old cookie is sent again (copied before logout)
            var replay = Browser(client)
            replay.cookies["facteur_session"] = kept
            // Then it opens nothing
            #expect(try await replay.get("/").status == .seeOther)
        }
    }

    @Test func changingOrClearingThePasswordEndsEverySession() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        let stored = try StoredPassword(Self.password)
        let app = try await app(harness, host: "0.0.0.0", stored: stored)
        try await app.test(.live) { client in
            var browser = Browser(client)
            #expect(try await logIn(&browser).status == .seeOther)
            #expect(try await browser.get("/").status == .ok)
            // When the owner sets a new password on the server
            try stored.set("a brand new passphrase")
            // Then the old session is over, and only the new password opens one
            #expect(try await browser.get("/").status == .seeOther)
            #expect(try await logIn(&browser).status == .unauthorized)
            #expect(try await logIn(&browser, password: "a brand new passphrase").status == .seeOther)
            #expect(try await browser.get("/").status == .ok)
            // When the password is cleared while the pages are reachable from the network
            try stored.set(nil)
            // Then nothing is served, and the login page says why instead of "Wrong password"
            let page = try await browser.get("/")
            #expect(page.status == .serviceUnavailable)
            #expect(page.text.contains("No web password is set"))
            let login = try await browser.get("/login")
            #expect(login.status == .serviceUnavailable)
            #expect(login.text.contains("run `facteur web-password` on the server") || login.text.contains("run <code>"))
            #expect(!login.text.contains("Wrong password"))
        }
    }

    @Test func onLoopbackAPasswordOnceSetIsRequired() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        let stored = try StoredPassword(Self.password)
        let app = try await app(harness, host: "127.0.0.1", stored: stored)
        try await app.test(.live) { client in
            var browser = Browser(client)
            #expect(try await browser.get("/").status == .seeOther)
            #expect(try await browser.get("/settings").headers[.location] == "/login?next=%2Fsettings")
            #expect(try await logIn(&browser).status == .seeOther)
            #expect(try await browser.get("/settings").status == .ok)
            // Cleared on loopback: the pages are open again, as before any password was set
            try stored.set(nil)
            var anonymous = Browser(client)
            #expect(try await anonymous.get("/").status == .ok)
            #expect(try await anonymous.get("/login").status == .seeOther)
        }
    }

    @Test func loggingInReturnsToThePageAskedForButNeverToAnotherSite() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        let app = try await app(harness, host: "0.0.0.0", stored: try StoredPassword(Self.password))
        try await app.test(.live) { client in
            var browser = Browser(client)
            let asked = try await browser.get("/log?qonto_id=abc")
            #expect(asked.headers[.location] == "/login?next=%2Flog%3Fqonto_id%3Dabc")
            let form = try await browser.get(try #require(asked.headers[.location]))
            #expect(form.text.contains("name=\"next\" value=\"/log?qonto_id=abc\""))
            let back = try await logIn(&browser, next: "/log?qonto_id=abc")
            #expect(back.headers[.location] == "/log?qonto_id=abc")
            for hostile in ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"] {
                var other = Browser(client)
                let response = try await logIn(&other, next: hostile)
                #expect(response.headers[.location] == "/", "\(hostile)")
            }
        }
    }

    @Test func guessingIsStoppedPerClientWithoutCheckingThePasswordAndLoggedWithTheAddress() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        let logs = InMemoryLogHandler()
        var logger = Logger(label: "web-login-test") { _ in logs }
        logger.logLevel = .info
        let app = try await app(harness, host: "0.0.0.0", stored: try StoredPassword(Self.password), logger: logger)
        try await app.test(.live) { client in
            var browser = Browser(client)
            let token = try await browser.get("/login").csrfToken()
            // When twenty guesses arrive at once from one address, each on its own connection
            let port = try #require(client.port)
            let cookie = "Cookie: facteur_csrf=\(browser.cookies["facteur_csrf"] ?? "")"
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for attempt in 0..<20 {
                    group.addTask {
                        let response = try await CurlCLI.request(
                            port: port, path: "/login", headers: ["Origin: http://127.0.0.1:\(port)", cookie],
                            form: "csrf=\(token)&password=guess-\(attempt)", directory: harness.directory.path)
                        return HTTPResponse.Status(code: response.status)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // Then at most five were checked; the rest were refused at once
            #expect(statuses.filter { $0 == .unauthorized }.count <= LoginThrottle.perClient)
            #expect(statuses.filter { $0 == .tooManyRequests }.count >= 20 - LoginThrottle.perClient)
            // And even the right password waits now
            let right = try await browser.post("/login", form: [("csrf", token), ("password", Self.password)])
            #expect(right.status == .tooManyRequests)
            #expect(Int(right.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(right.text.contains("Too many failed logins"))
            #expect(browser.cookies["facteur_session"] == nil)
        }
        let failures = logs.entries.filter { $0.message.description == "failed web login" }
        #expect(!failures.isEmpty)
        #expect(failures.allSatisfy { $0.metadata["client"]?.description == "127.0.0.1" })
        #expect(logs.entries.contains { $0.message.description.hasPrefix("web login refused") && $0.metadata["client"] != nil })
    }

    @Test func theThrottleCountsPerClientAndOverallWithinItsWindow() {
        var throttle = LoginThrottle()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        // Five failures from one address, then refused until the first leaves the window
        for second in 0..<LoginThrottle.perClient {
            #expect((try? throttle.begin(client: "198.51.100.7", now: start.addingTimeInterval(Double(second))).get()) != nil)
        }
        guard case .failure(let refusal) = throttle.begin(client: "198.51.100.7", now: start.addingTimeInterval(10)) else {
            Issue.record("a sixth attempt was allowed")
            return
        }
        #expect(!refusal.everyone && refusal.retryAfter == LoginThrottle.window - 10)
        #expect((try? throttle.begin(client: "198.51.100.7", now: start.addingTimeInterval(LoginThrottle.window + 1)).get()) != nil)
        // A success forgets the client's failures
        var fresh = LoginThrottle()
        for _ in 0..<4 { _ = fresh.begin(client: "a", now: start) }
        if case .success(let attempt) = fresh.begin(client: "a", now: start) { fresh.succeeded(attempt) }
        #expect((try? fresh.begin(client: "a", now: start).get()) != nil)
        // Guesses spread over many addresses hit the overall limit
        var spread = LoginThrottle()
        for index in 0..<LoginThrottle.overall { _ = spread.begin(client: "203.0.113.\(index)", now: start) }
        guard case .failure(let overall) = spread.begin(client: "192.0.2.1", now: start.addingTimeInterval(1)) else {
            Issue.record("the overall limit did not hold")
            return
        }
        #expect(overall.everyone)
        // Behind a reverse proxy the address says nothing: only the overall limit counts
        var proxied = LoginThrottle()
        for _ in 0..<(LoginThrottle.perClient * 2) {
            #expect((try? proxied.begin(client: nil, now: start).get()) != nil)
        }
    }
}

/// The login page speaks the reader's language, refusals included.
@Suite struct LoginLanguageTests {
    @Test func aFrenchBrowserGetsTheLoginPageAndItsRefusalsInFrench() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        let app = try await harness.application(host: "0.0.0.0", passwordHash: try PasswordHash.make(password: SessionTests.password))
        try await app.test(.live) { client in
            var browser = Browser(client)
            browser.acceptLanguage = "fr-FR,fr;q=0.9"
            let login = try await browser.get("/login")
            #expect(login.text.contains("<html lang=\"fr\""))
            #expect(login.text.contains(">Mot de passe</label>") && login.text.contains(">Se connecter</button>"))
            let wrong = try await browser.post("/login", form: [("csrf", try login.csrfToken()), ("password", "pas le bon")])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("Mot de passe incorrect."))
        }
    }
}
