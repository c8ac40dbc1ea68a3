import Foundation
import QontoSandbox
import Testing

/// `GET /v2/attachments/{id}` and the presigned `/files/{id}` URLs it mints.
struct AttachmentTests {
    /// The first PDF invoice's attachment id.
    static func pdfAttachmentID(_ http: RawHTTP) async throws -> String {
        let invoices = try await http.get("/v2/supplier_invoices?per_page=100").items("supplier_invoices")
        let pdf = invoices.first { ($0["file_name"] as? String)?.hasSuffix(".pdf") == true && $0["supplier_name"] is String }
        return try #require(pdf?["attachment_id"] as? String)
    }

    /// The minted URL's path and query (the part RawHTTP sends).
    static func target(of url: String, port: Int) -> String {
        String(url.dropFirst("http://127.0.0.1:\(port)".count))
    }

    @Test func theAttachmentHasAStringFileSizeAndAURLWrittenWithUnicodeEscapedAmpersands() async throws {
        try await withSandbox { sandbox, http in
            let id = try await Self.pdfAttachmentID(http)
            let reply = try await http.get("/v2/attachments/\(id)")
            #expect(reply.text.contains(#"\u0026X-Amz-Date="#))
            #expect(!reply.text.contains("&X-Amz"))
            let attachment = try #require(reply.json["attachment"] as? [String: Any])
            #expect(attachment["id"] as? String == id)
            #expect(attachment["file_size"] is String)
            #expect(attachment["file_content_type"] as? String == "application/pdf")
            #expect((attachment["probative_attachment"] as? [String: Any])?["status"] as? String == "available")
            #expect((attachment["created_at"] as? String)?.hasSuffix("Z") == true)
            let url = try #require(attachment["url"] as? String)
            #expect(url.hasPrefix("\(sandbox.baseURL)/files/\(id)?"))
            #expect(url.contains("X-Amz-Expires=1800&") && url.contains("X-Amz-Signature="))
        }
    }

    @Test func theURLDownloadsTheBytesWithoutAuthorization() async throws {
        try await withSandbox { sandbox, http in
            let attachment = try #require(try await http.get("/v2/attachments/\(Self.pdfAttachmentID(http))").json["attachment"] as? [String: Any])
            let file = try await http.get(Self.target(of: attachment["url"] as? String ?? "", port: sandbox.port), auth: nil)
            #expect(file.status == 200)
            #expect(file.header("Content-Type") == "application/pdf")
            #expect(file.announcedLength == file.body.count)
            #expect(String(file.body.count) == attachment["file_size"] as? String)
            #expect(file.body.starts(with: Array("%PDF-".utf8)))
        }
    }

    @Test func anExpiredURLIsAnS3AccessDeniedInXML() async throws {
        let clock = TestClock()
        try await withSandbox(clock: clock) { sandbox, http in
            let attachment = try #require(try await http.get("/v2/attachments/\(Self.pdfAttachmentID(http))").json["attachment"] as? [String: Any])
            let target = Self.target(of: attachment["url"] as? String ?? "", port: sandbox.port)
            clock.advance(seconds: 1800)
            #expect(try await http.get(target, auth: nil).status == 200)  // still valid at the last second
            clock.advance(seconds: 1)
            let expired = try await http.get(target, auth: nil)
            #expect(expired.status == 403)
            #expect(expired.header("Content-Type") == "application/xml")
            #expect(expired.text.contains("<Error><Code>AccessDenied</Code><Message>Request has expired</Message>"))
        }
    }

    @Test func aTamperedURLIsRefused() async throws {
        try await withSandbox { sandbox, http in
            let attachment = try #require(try await http.get("/v2/attachments/\(Self.pdfAttachmentID(http))").json["attachment"] as? [String: Any])
            let target = Self.target(of: attachment["url"] as? String ?? "", port: sandbox.port)
            let longer = try await http.get(target.replacingOccurrences(of: "X-Amz-Expires=1800", with: "X-Amz-Expires=999999"), auth: nil)
            #expect(longer.status == 403 && longer.text.contains("SignatureDoesNotMatch"))
            let unsigned = try await http.get(String(target.prefix { $0 != "?" }), auth: nil)
            #expect(unsigned.status == 403 && unsigned.text.contains("AccessDenied"))
        }
    }

    @Test func theExpireSwitchMintsURLsThatAreAlreadyExpired() async throws {
        try await withSandbox { sandbox, http in
            let id = try await Self.pdfAttachmentID(http)
            await sandbox.faults.expireAttachmentURLs(next: 1)
            let first = try #require(try await http.get("/v2/attachments/\(id)").json["attachment"] as? [String: Any])
            let second = try #require(try await http.get("/v2/attachments/\(id)").json["attachment"] as? [String: Any])
            #expect(try await http.get(Self.target(of: first["url"] as? String ?? "", port: sandbox.port), auth: nil).status == 403)
            #expect(try await http.get(Self.target(of: second["url"] as? String ?? "", port: sandbox.port), auth: nil).status == 200)
        }
    }

    @Test func imagesXMLAndTheEmptyFileDownloadWithTheirOwnTypes() async throws {
        try await withSandbox(invoicesPerYear: 100) { sandbox, http in
            let invoices = try await http.get("/v2/supplier_invoices?per_page=100").items("supplier_invoices")
            var types: [String: Int] = [:]
            for invoice in invoices {
                let id = try #require(invoice["attachment_id"] as? String)
                let attachment = try #require(try await http.get("/v2/attachments/\(id)").json["attachment"] as? [String: Any])
                let file = try await http.get(Self.target(of: attachment["url"] as? String ?? "", port: sandbox.port), auth: nil)
                let type = try #require(file.header("Content-Type"))
                #expect(type == attachment["file_content_type"] as? String)
                #expect(file.body.count == Int(attachment["file_size"] as? String ?? "") && file.announcedLength == file.body.count)
                types[type, default: 0] += 1
                if file.body.isEmpty { types["empty", default: 0] += 1 }
            }
            #expect(types["image/jpeg", default: 0] > 0 && types["image/png", default: 0] > 0)
            #expect(types["application/xml", default: 0] > 0 && types["empty"] == 1)
        }
    }

    @Test func anUnknownAttachmentIsA404() async throws {
        try await withSandbox { _, http in
            let reply = try await http.get("/v2/attachments/00000000-0000-4000-8000-000000000000")
            #expect(reply.status == 404 && reply.errorCode == "not_found")
        }
    }
}
