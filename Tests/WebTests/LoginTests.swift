import FacteurCore
import Hummingbird
import HummingbirdTesting
import Logging
import Store
import Testing
import Web

@Suite struct LoginTests {
    static let password = "correct horse battery"

    @Test func onlyLoopbackHostsAreServedWithoutALogin() {
        for host in ["127.0.0.1", "127.8.9.10", "localhost", "LOCALHOST", "::1", "[::1]", "0:0:0:0:0:0:0:1"] {
            #expect(!WebConfiguration(host: host).requiresLogin, "\(host)")
        }
        for host in ["0.0.0.0", "192.168.1.10", "::", "128.0.0.1", "127.0.0", "localhost.example.com", "example.com", "::2"] {
            #expect(WebConfiguration(host: host).requiresLogin, "\(host)")
        }
    }

    @Test func buildingForANonLoopbackHostWithoutAPasswordFails() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        await #expect {
            _ = try await harness.application(host: "0.0.0.0")
        } throws: { error in
            String(describing: error)
                == "web_bind 0.0.0.0:0 is not a loopback address: set a password first with `facteur web-password`"
        }
    }

    @Test func aNonLoopbackHostRequiresALoginAndASessionThenWorks() async throws {
        let harness = try WebHarness()
        defer { harness.remove() }
        let message = try harness.seedFailedMessage(recordID: "rec-login")
        let app = try await harness.application(host: "0.0.0.0", passwordHash: try PasswordHash.make(password: Self.password))
        try await app.test(.live) { client in
            var browser = Browser(client)
            // Pages send a visitor to the login page; actions are refused
            let status = try await browser.get("/")
            #expect(status.status == .seeOther)
            #expect(status.headers[.location] == "/login")
            #expect(try await browser.get("/log.csv").status == .seeOther)
            let login = try await browser.get("/login")
            #expect(login.status == .ok)
            let token = try login.csrfToken()
            let anonymous = try await browser.post("/retry", form: [("csrf", token), ("target", "outbox:\(message.id)")])
            #expect(anonymous.status == .forbidden)
            #expect(try harness.outbox.message(id: message.id).state == .failed)
            // A wrong password, or none, gets the same answer
            let wrong = try await browser.post("/login", form: [("csrf", token), ("password", "not the password")])
            let empty = try await browser.post("/login", form: [("csrf", token), ("password", "")])
            #expect(wrong.status == .unauthorized && empty.status == .unauthorized)
            #expect(wrong.text.contains("<p class=\"error\" role=\"alert\">Wrong password.</p>"))
            #expect(empty.text.contains("<p class=\"error\" role=\"alert\">Wrong password.</p>"))
            #expect(browser.cookies["facteur_session"] == nil)
            // The login form is CSRF-protected too
            let noToken = try await browser.post("/login", form: [("password", Self.password)])
            #expect(noToken.status == .forbidden)
            #expect(browser.cookies["facteur_session"] == nil)
            // The right password opens a session
            let right = try await browser.post("/login", form: [("csrf", token), ("password", Self.password)])
            #expect(right.status == .seeOther)
            let setCookie = right.headers[values: .setCookie].first { $0.hasPrefix("facteur_session=") } ?? ""
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/"))
            #expect(setCookie.contains("Max-Age=43200"))
            let page = try await browser.get("/")
            #expect(page.status == .ok)
            #expect(page.text.contains("rec-login"))
            #expect(page.text.contains("action=\"/logout\""))
            // A tampered session is worthless
            var forger = Browser(client)
            forger.cookies["facteur_session"] = "99999999999." + String(repeating: "0", count: 64)
            #expect(try await forger.get("/").status == .seeOther)
            // Logging out ends the session
            let out = try await browser.post("/logout", form: [("csrf", try page.csrfToken())])
            #expect(out.status == .seeOther)
            #expect(browser.cookies["facteur_session"] == nil)
            #expect(try await browser.get("/").status == .seeOther)
        }
    }
}
