import Foundation
import QontoSandbox
import Testing

/// The fault switches, in process and over `POST /_sandbox/faults`.
struct FaultTests {
    @Test func tooManyRequestsSendsRetryAfterForTheNextCallsThenRecovers() async throws {
        try await withSandbox { sandbox, http in
            await sandbox.faults.tooManyRequests(next: 2, retryAfter: 3)
            for _ in 0..<2 {
                let reply = try await http.get("/v2/supplier_invoices")
                #expect(reply.status == 429)
                #expect(reply.header("Retry-After") == "3")
                #expect(reply.errorCode == "too_many_requests")
            }
            #expect(try await http.get("/v2/supplier_invoices").status == 200)
        }
    }

    @Test func tooManyRequestsCanComeWithoutRetryAfter() async throws {
        try await withSandbox { _, http in
            #expect(try await http.postJSON("/_sandbox/faults", #"{"fault":"too_many_requests","count":1}"#).status == 200)
            let reply = try await http.get("/v2/organization")
            #expect(reply.status == 429 && reply.header("Retry-After") == nil)
            #expect(try await http.get("/v2/organization").status == 200)
        }
    }

    @Test func serverErrorsHaveTheBodiesOfTheLayerThatFails() async throws {
        try await withSandbox { sandbox, http in
            await sandbox.faults.serverError(next: 1)
            let failure = try await http.get("/v2/organization")
            #expect(failure.status == 500 && failure.errorCode == "internal_server_error")

            await sandbox.faults.serverError(next: 1, status: 502)
            let gateway = try await http.get("/v2/organization")
            #expect(gateway.status == 502)
            #expect(gateway.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(gateway.text.contains("502 Bad Gateway"))

            #expect(try await http.postJSON("/_sandbox/faults", #"{"fault":"server_error","count":1,"status":503}"#).status == 200)
            let unavailable = try await http.get("/v2/organization")
            #expect(unavailable.status == 503 && unavailable.errorCode == "service_unavailable")
            #expect(try await http.get("/v2/organization").status == 200)
        }
    }

    @Test func theUnauthorizedSwitchRefusesValidCredentials() async throws {
        try await withSandbox { sandbox, http in
            await sandbox.faults.unauthorized(next: 1)
            let refused = try await http.get("/v2/organization")
            #expect(refused.status == 401 && refused.errorCode == "unauthorized")
            #expect(try await http.get("/v2/organization").status == 200)
        }
    }

    @Test func faultsHitOnlyAPICallsNotDownloadsOrOAuth() async throws {
        try await withSandbox { sandbox, http in
            await sandbox.faults.serverError(next: 1)
            let token = try await http.postForm("/oauth2/token", [("grant_type", "refresh_token")])
            let nowhere = try await http.get("/v2/nowhere")
            let organization = try await http.get("/v2/organization")
            #expect(token.status == 401)
            #expect(nowhere.status == 404)
            #expect(organization.status == 500)
        }
    }

    @Test func aTruncatedDownloadSendsFewerBytesThanItsContentLength() async throws {
        try await withSandbox { sandbox, http in
            let id = try await AttachmentTests.pdfAttachmentID(http)
            await sandbox.faults.truncateDownloads(next: 1)
            let url = try #require((try await http.get("/v2/attachments/\(id)").json["attachment"] as? [String: Any])?["url"] as? String)
            let target = AttachmentTests.target(of: url, port: sandbox.port)
            let cut = try await http.get(target, auth: nil)
            let announced = try #require(cut.announcedLength)
            #expect(cut.status == 200)
            #expect(cut.body.count < announced)
            #expect(cut.body.count == announced / 2)
            let whole = try await http.get(target, auth: nil)
            #expect(whole.body.count == announced)
        }
    }

    @Test func resetDisarmsEverySwitchAndUnknownFaultsAreRefused() async throws {
        try await withSandbox { sandbox, http in
            await sandbox.faults.tooManyRequests(next: 5, retryAfter: nil)
            await sandbox.faults.unauthorized(next: 5)
            let reset = try await http.postJSON("/_sandbox/faults", #"{"fault":"reset"}"#)
            let organization = try await http.get("/v2/organization")
            let unknown = try await http.postJSON("/_sandbox/faults", #"{"fault":"meteor_strike"}"#)
            let malformed = try await http.postJSON("/_sandbox/faults", "{not json")
            #expect(reset.status == 200 && organization.status == 200)
            #expect(unknown.status == 400 && malformed.status == 400)
        }
    }
}
