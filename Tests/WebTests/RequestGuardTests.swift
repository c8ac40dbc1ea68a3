import FacteurTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Store
import Testing
@testable import Web

/// DNS rebinding and cross-site requests: the pages answer only to their own names, and nothing
/// changes unless the request comes from Facteur's own page.
@Suite struct RequestGuardTests {
    @Test func aRebindingPageCannotReadTheSettingsNorChangeTheInbox() async throws {
        // Given the pages on loopback, no password (the default)
        let harness = try WebHarness()
        defer { harness.remove() }
        let app = try await harness.application()
        try await app.test(.live) { client in
            let port = try #require(client.port)
            var browser = Browser(client)
            let token = try await browser.get("/settings").csrfToken()
            let cookie = "Cookie: facteur_csrf=\(browser.cookies["facteur_csrf"] ?? "")"
            // When a page whose name now resolves to 127.0.0.1 reads the form
            let read = try await CurlCLI.request(port: port, path: "/settings", headers: ["Host: evil.example:\(port)"],
                                                directory: harness.directory.path)
            // Then it gets no page and no token
            #expect(read.status == 421)
            #expect(!read.body.contains("name=\"csrf\""))
            // When it posts a new supplier inbox with everything a browser would send
            let post = try await CurlCLI.request(
                port: port, path: "/settings",
                headers: ["Host: evil.example:\(port)", "Origin: http://evil.example:\(port)", cookie],
                form: "csrf=\(token)&pennylane_supplier_inbox=attacker%40evil.example", directory: harness.directory.path)
            // Then it is refused and nothing is stored
            #expect(post.status == 421)
            #expect(try Settings(database: harness.database).value("config.pennylane_supplier_inbox") == nil)
        }
    }

    @Test func aPostWithoutFacteursOwnOriginChangesNothingEvenWithAValidToken() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        let app = try await harness.application()
        try await app.test(.live) { client in
            var browser = Browser(client)
            let token = try await browser.get("/settings").csrfToken()
            let form = [("csrf", token), ("poll_interval", "600"), ("owner_email", "")]
            // Another site's origin
            browser.origin = "http://evil.example"
            let foreign = try await browser.post("/settings", form: form)
            #expect(foreign.status == .forbidden)
            #expect(foreign.text.contains("nothing was changed"))
            // No origin at all, or the opaque one a sandboxed frame sends
            browser.origin = nil
            #expect(try await browser.post("/settings", form: form).status == .forbidden)
            browser.origin = "null"
            #expect(try await browser.post("/settings", form: form).status == .forbidden)
            #expect(try Settings(database: harness.database).value("config.poll_interval") == nil)
            // Facteur's own origin
            browser.origin = "http://localhost"
            #expect(try await browser.post("/settings", form: form).status == .ok)
            #expect(try Settings(database: harness.database).value("config.poll_interval") == "600")
        }
    }

    @Test func aSameOriginRefererStandsInForAMissingOrigin() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        let app = try await harness.application()
        try await app.test(.live) { client in
            let port = try #require(client.port)
            var browser = Browser(client)
            let token = try await browser.get("/settings").csrfToken()
            let cookie = "Cookie: facteur_csrf=\(browser.cookies["facteur_csrf"] ?? "")"
            let own = try await CurlCLI.request(
                port: port, path: "/settings", headers: ["Referer: http://127.0.0.1:\(port)/settings", cookie],
                form: "csrf=\(token)&poll_interval=600&owner_email=", directory: harness.directory.path)
            #expect(own.status == 200)
            let other = try await CurlCLI.request(
                port: port, path: "/settings", headers: ["Referer: http://evil.example/page", cookie],
                form: "csrf=\(token)&poll_interval=700&owner_email=", directory: harness.directory.path)
            #expect(other.status == 403)
            #expect(try Settings(database: harness.database).value("config.poll_interval") == "600")
        }
    }

    @Test func theConfiguredPublicNameIsServedAndItsOriginAccepted() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        var configuration = harness.configuration()
        configuration.publicURL = WebPublicURL("https://facteur.cabinet.example")
        let app = try await harness.application(configuration: configuration)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let page = try await CurlCLI.request(port: port, path: "/", headers: ["Host: facteur.cabinet.example"],
                                                directory: harness.directory.path)
            #expect(page.status == 200)
            let other = try await CurlCLI.request(port: port, path: "/", headers: ["Host: facteur.other.example"],
                                                 directory: harness.directory.path)
            #expect(other.status == 421)
        }
    }

    @Test func hostNamesAndOriginsAreMatchedExactly() {
        let policy = HostPolicy(bindHost: "127.0.0.1", publicURL: WebPublicURL("https://facteur.cabinet.example"))
        for allowed in ["localhost", "LOCALHOST:8080", "127.0.0.1:8080", "[::1]:8080", "facteur.cabinet.example"] {
            #expect(policy.allows(authority: allowed), "\(allowed)")
        }
        for refused in ["evil.example", "localhost.evil.example", "127.0.0.2", "user@localhost", "localhost:80:80", "",
                        "facteur.cabinet.example.evil", "[::1"] {
            #expect(!policy.allows(authority: refused), "\(refused)")
        }
        #expect(policy.allows(origin: "http://localhost:8080", authority: "localhost:8080"))
        #expect(policy.allows(origin: "https://facteur.cabinet.example", authority: "10.0.0.5:8080"))
        #expect(!policy.allows(origin: "http://localhost:9999", authority: "localhost:8080"))
        #expect(!policy.allows(origin: "null", authority: "localhost:8080"))
        #expect(!policy.allows(origin: "http://evil.example", authority: "evil.example"))
        #expect(HostPolicy.origin(ofURL: "http://127.0.0.1:8080/settings?x=1") == "http://127.0.0.1:8080")
        #expect(HostPolicy(bindHost: "0.0.0.0", publicURL: nil).names == ["localhost", "127.0.0.1", "::1"])
    }

    @Test func onlyAnHTTPSPublicURLMakesCookiesSecure() async throws {
        #expect(WebConfiguration(publicURL: WebPublicURL("https://facteur.example")).secureCookies)
        #expect(!WebConfiguration(publicURL: WebPublicURL("http://facteur.example")).secureCookies)
        #expect(!WebConfiguration().secureCookies)
        #expect(WebPublicURL("https://facteur.example/path") == nil && WebPublicURL("ftp://x") == nil)
        // A browser never writes the default port in Origin; an IPv6 address needs its brackets
        #expect(WebPublicURL("https://facteur.example:443")?.origin == "https://facteur.example")
        #expect(WebPublicURL("http://facteur.example:8443")?.origin == "http://facteur.example:8443")
        #expect(WebPublicURL("http://::1") == nil && WebPublicURL("http://[::1]:8080")?.origin == "http://[::1]:8080")
        let harness = try WebHarness()
        defer { harness.remove() }
        var configuration = harness.configuration(host: "0.0.0.0", passwordHash: try PasswordHash.make(password: "correct horse battery"))
        configuration.publicURL = WebPublicURL("https://facteur.cabinet.example")
        configuration.secureCookies = true
        let app = try await harness.application(configuration: configuration)
        try await app.test(.live) { client in
            var browser = Browser(client)
            let login = try await browser.get("/login")
            let csrf = login.headers[values: .setCookie].first { $0.hasPrefix("facteur_csrf=") } ?? ""
            #expect(csrf.contains("Secure"))
            let right = try await browser.post("/login", form: [("csrf", try login.csrfToken()), ("password", "correct horse battery")])
            let session = right.headers[values: .setCookie].first { $0.hasPrefix("facteur_session=") } ?? ""
            #expect(session.contains("Secure") && session.contains("HttpOnly"))
        }
    }
}
