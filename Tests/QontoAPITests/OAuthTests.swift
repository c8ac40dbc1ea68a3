import Curl
import FacteurTesting
import Foundation
import FacteurApp
import QontoAPI
import QontoSandbox
import Testing

/// A token store in memory that counts saves (the real one is the encrypted secret store).
final class MemoryTokens: @unchecked Sendable {
    // @unchecked: guarded by the lock.
    private let lock = NSLock()
    private var tokens: OAuthTokens?
    private(set) var saves = 0
    init(_ tokens: OAuthTokens? = nil) { self.tokens = tokens }
    var current: OAuthTokens? { lock.withLock { tokens } }
    var store: OAuthTokenStore {
        OAuthTokenStore(load: { self.lock.withLock { self.tokens } },
                        save: { new in self.lock.withLock { self.tokens = new; self.saves += 1 } })
    }
}

/// A settable clock shared by the sandbox and the client.
final class TestClock: @unchecked Sendable {
    // @unchecked: guarded by the lock.
    private let lock = NSLock()
    private var offset: TimeInterval = 0
    func advance(_ seconds: TimeInterval) { lock.withLock { offset += seconds } }
    var now: Date { lock.withLock { Date().addingTimeInterval(offset) } }
}

/// OAuth: code exchange with PKCE, refresh after a 401, rotation with the 60-second grace.
@Suite(.serialized) struct OAuthTests {
    static let redirect = "http://127.0.0.1:8765/callback"

    /// Connects like `facteur connect` does, without a browser: authorize, read the code, exchange it.
    static func connect(_ sandbox: QontoSandbox, tokens: MemoryTokens, clock: TestClock) async throws -> OAuthSession {
        let session = OAuthSession(clientID: "facteur-sandbox", clientSecret: "sandbox-client-secret",
                                   oauthURL: sandbox.baseURL, store: tokens.store, now: { clock.now })
        let pkce = PKCE.generate()
        let state = "state-\(UUID().uuidString)"
        let authorize = OAuthAuthorization.url(oauthURL: sandbox.baseURL, clientID: "facteur-sandbox", redirectURI: redirect,
                                               state: state, challenge: pkce.challenge)
        // libcurl blocks: on a worker thread, never on the concurrency pool the in-process sandbox needs.
        try await CurlWorker.run {
            let http = try CurlHTTPClient(settings: HTTPSettings(userAgent: "Facteur-tests"))
            let response = try http.perform(HTTPRequest(url: authorize))
            guard let location = response.headers["location"] else { throw TestSupportError("no redirect from /oauth2/auth") }
            let callback = try OAuthAuthorization.code(fromRedirect: location, expectedState: state)
            _ = try session.exchange(code: callback, verifier: pkce.verifier, redirectURI: redirect, using: http)
        }
        return session
    }

    @Test func codeExchangeWithPKCEStoresTokensAndTheClientUsesThem() async throws {
        let clock = TestClock()
        try await SandboxClientTests.withSandbox({ config in config.now = { clock.now } }) { sandbox in
            let tokens = MemoryTokens()
            let session = try await Self.connect(sandbox, tokens: tokens, clock: clock)
            #expect(tokens.saves == 1 && tokens.current?.refreshToken.isEmpty == false)
            let client = try QontoClient(settings: SandboxClientTests.settings(sandbox), credentials: .oauth(session))
            #expect(try await SandboxClientTests.listAll(client).count == 45)
        }
    }

    @Test func a401IsFollowedByOneRefreshAndTheRotatedTokenIsStoredFirst() async throws {
        let clock = TestClock()
        try await SandboxClientTests.withSandbox({ config in config.now = { clock.now } }) { sandbox in
            let tokens = MemoryTokens()
            let session = try await Self.connect(sandbox, tokens: tokens, clock: clock)
            let before = try #require(tokens.current)
            await sandbox.faults.unauthorized(next: 1)
            let client = try QontoClient(settings: SandboxClientTests.settings(sandbox), credentials: .oauth(session))
            #expect(try await SandboxClientTests.listAll(client).count == 45)
            let after = try #require(tokens.current)
            #expect(tokens.saves == 2)
            #expect(after.refreshToken != before.refreshToken && after.accessToken != before.accessToken)
        }
    }

    @Test func expiringAccessTokensAreRefreshedAheadOfTime() async throws {
        let clock = TestClock()
        try await SandboxClientTests.withSandbox({ config in config.now = { clock.now } }) { sandbox in
            let tokens = MemoryTokens()
            let session = try await Self.connect(sandbox, tokens: tokens, clock: clock)
            clock.advance(3600 - 30)
            let client = try QontoClient(settings: SandboxClientTests.settings(sandbox), credentials: .oauth(session))
            _ = try await SandboxClientTests.listAll(client)
            #expect(tokens.saves == 2)
            let unauthorized = await sandbox.requests().filter { $0.path.hasPrefix("/v2/") && !$0.authorised }
            #expect(unauthorized.isEmpty)
        }
    }

    @Test func theOldRefreshTokenDiesSixtySecondsAfterFirstUse() async throws {
        let clock = TestClock()
        try await SandboxClientTests.withSandbox({ config in config.now = { clock.now } }) { sandbox in
            let tokens = MemoryTokens()
            _ = try await Self.connect(sandbox, tokens: tokens, clock: clock)
            let original = try #require(tokens.current)
            // Given a refresh that rotated the token (first use of the original refresh token)
            clock.advance(3600)
            let session = OAuthSession(clientID: "facteur-sandbox", clientSecret: "sandbox-client-secret",
                                       oauthURL: sandbox.baseURL, store: tokens.store, now: { clock.now })
            let client = try QontoClient(settings: SandboxClientTests.settings(sandbox), credentials: .oauth(session))
            _ = try await SandboxClientTests.listAll(client)
            #expect(tokens.current?.refreshToken != original.refreshToken)
            // Then within the grace period the old refresh token still works (a retry after a blip)
            let replay = MemoryTokens(original)
            let within = OAuthSession(clientID: "facteur-sandbox", clientSecret: "sandbox-client-secret",
                                      oauthURL: sandbox.baseURL, store: replay.store, now: { clock.now })
            clock.advance(30)
            try await CurlWorker.run {
                try within.refresh(after: original.accessToken, using: try CurlHTTPClient(settings: HTTPSettings(userAgent: "Facteur-tests")), extraHeaders: [])
            }
            // And after it, it is refused with invalid_grant: an auth failure that stops polling
            clock.advance(61)
            let late = OAuthSession(clientID: "facteur-sandbox", clientSecret: "sandbox-client-secret",
                                    oauthURL: sandbox.baseURL, store: MemoryTokens(original).store, now: { clock.now })
            do {
                try await CurlWorker.run {
                    try late.refresh(after: original.accessToken, using: try CurlHTTPClient(settings: HTTPSettings(userAgent: "Facteur-tests")), extraHeaders: [])
                }
                Issue.record("expected invalid_grant")
            } catch let error as QontoError {
                #expect(error.code == .invalidGrant && error.isAuthFailure)
            }
        }
    }
}
