import Foundation
import QontoSandbox
import Testing

/// Who gets in: API keys, bearer tokens, the gateway's 404, the staging gate, the request log.
struct AuthTests {
    @Test func aValidAPIKeyGetsTheOrganization() async throws {
        try await withSandbox { _, http in
            let reply = try await http.get("/v2/organization")
            #expect(reply.status == 200)
            #expect((reply.json["organization"] as? [String: Any])?["slug"] as? String == "facteur-demo")
        }
    }

    @Test func badOrMissingCredentialsGetA401JSONAPIBody() async throws {
        try await withSandbox { _, http in
            let cases: [String?] = [nil, "facteur-demo:wrong", "Bearer facteur-demo:sandbox-secret-key",
                                    "Basic ZmFjdGV1ci1kZW1vOnNhbmRib3gtc2VjcmV0LWtleQ==", "Bearer sim_at_unknown"]
            for auth in cases {
                let reply = try await http.get("/v2/supplier_invoices", auth: auth)
                #expect(reply.status == 401, "\(auth ?? "none")")
                #expect(reply.errorCode == "unauthorized")
                #expect(((reply.json["errors"] as? [[String: Any]])?.first?["detail"] as? String)?.isEmpty == false)
                let trace = try #require(reply.json["trace_id"] as? String)
                #expect(trace == "sim-" + (reply.header("x-request-id") ?? ""))
            }
        }
    }

    @Test func anUnknownV2PathIsTheGatewaysPlainTextNotFound() async throws {
        try await withSandbox { _, http in
            for path in ["/v2/sca/sessions", "/v2/supplier_invoice", "/v3/organization", "/v2/attachments"] {
                let reply = try await http.get(path, auth: nil)
                #expect(reply.status == 404, "\(path)")
                #expect(reply.header("Content-Type")?.hasPrefix("text/plain") == true)
                #expect(reply.text == "Not Found")
                #expect(reply.header("x-tyk-trace-id") != nil)
                #expect(reply.header("x-request-id") == nil)
            }
        }
    }

    @Test func withAStagingTokenRequestsWithoutItGetTheOneLoginPage() async throws {
        try await withSandbox(configure: { $0.stagingToken = "staging-123" }) { _, http in
            let gated = try await http.get("/v2/organization")
            #expect(gated.status == 200)
            #expect(gated.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(gated.text.contains("OneLogin"))
            #expect(try await http.postForm("/oauth2/token", [("grant_type", "refresh_token")]).header("Content-Type")?.hasPrefix("text/html") == true)
            let passed = try await http.get("/v2/organization", headers: [("X-Qonto-Staging-Token", "staging-123")])
            #expect(passed.status == 200 && passed.json["organization"] != nil)
            #expect(try await http.get("/v2/organization", headers: [("X-Qonto-Staging-Token", "wrong")]).text.contains("OneLogin"))
            // The admin routes stay reachable for tests.
            #expect(try await http.get("/_sandbox/requests", auth: nil).status == 200)
        }
    }

    @Test func theRequestLogRecordsWhatHappenedButNeverTheCredentials() async throws {
        try await withSandbox { sandbox, http in
            _ = try await http.get("/v2/organization", headers: [("User-Agent", "Facteur/0.1 (+test)")])
            _ = try await http.get("/v2/organization", auth: "facteur-demo:wrong")
            _ = try await http.get("/v2/supplier_invoices?per_page=2&page=1", auth: nil)
            let log = await sandbox.requests()
            #expect(log.map(\.path) == ["/v2/organization", "/v2/organization", "/v2/supplier_invoices"])
            #expect(log.map(\.authorised) == [true, false, false])
            #expect(log.map(\.authentication) == ["api_key", "api_key", nil])
            #expect(log.map(\.status) == [200, 401, 401])
            #expect(log[0].userAgent == "Facteur/0.1 (+test)")
            #expect(log[2].query == "per_page=2&page=1")
            let remote = try await http.get("/_sandbox/requests", auth: nil)
            #expect(remote.jsonArray.count == 3)
            #expect(!remote.text.contains("sandbox-secret-key") && !remote.text.contains("wrong"))
            await sandbox.clearRequests()
            #expect(await sandbox.requests().isEmpty)
        }
    }

    @Test func anOAuthTokenWithoutTheEndpointsScopeGetsA403() async throws {
        try await withSandbox { sandbox, http in
            let token = try await OAuthTests.accessToken(http, scope: "offline_access supplier_invoice.read")
            #expect(try await http.get("/v2/supplier_invoices", auth: "Bearer \(token)").status == 200)
            let denied = try await http.get("/v2/organization", auth: "Bearer \(token)")
            #expect(denied.status == 403 && denied.errorCode == "forbidden")
            #expect(((denied.json["errors"] as? [[String: Any]])?.first?["detail"] as? String)?.contains("missing required OAuth scope") == true)
        }
    }
}
