import FacteurApp
import QontoAPI
import Testing

@Suite struct PKCETests {
    @Test func challengeMatchesRFC7636AppendixB() {
        #expect(PKCE.challenge(for: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
    }

    @Test func verifiersAreFreshAndURLSafe() {
        let a = PKCE.generate(), b = PKCE.generate()
        #expect(a.verifier != b.verifier)
        #expect(a.verifier.count == 43)
        #expect(a.verifier.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    }

    @Test func redirectIsReadOnlyWithOurState() throws {
        #expect(try OAuthAuthorization.code(fromRedirect: "http://127.0.0.1:8765/callback?code=abc&state=s1", expectedState: "s1") == "abc")
        #expect(throws: QontoError.self) { try OAuthAuthorization.code(fromRedirect: "/callback?code=abc&state=other", expectedState: "s1") }
        #expect(throws: QontoError.self) { try OAuthAuthorization.code(fromRedirect: "/callback?error=access_denied&state=s1", expectedState: "s1") }
        #expect(throws: QontoError.self) { try OAuthAuthorization.code(fromRedirect: "/callback?state=s1", expectedState: "s1") }
    }

    @Test func authorizeURLAsksForTheDocumentedScopesWithS256() {
        let url = OAuthAuthorization.url(oauthURL: "https://oauth.qonto.com", clientID: "cid", redirectURI: "http://127.0.0.1:8765/callback",
                                         state: "st", challenge: "ch")
        #expect(url.hasPrefix("https://oauth.qonto.com/oauth2/auth?client_id=cid&redirect_uri=http%3A%2F%2F127.0.0.1%3A8765%2Fcallback&response_type=code"))
        #expect(url.contains("scope=offline_access%20supplier_invoice.read%20client_invoices.read%20attachment.read%20organization.read"))
        #expect(url.hasSuffix("&state=st&code_challenge=ch&code_challenge_method=S256"))
    }
}
