import Foundation
import QontoSandbox
import Testing

/// "The sandbox changes one invoice": `touchInvoice` and `POST /_sandbox/invoices/{id}/touch`.
struct TouchTests {
    @Test func touchInvoiceBumpsUpdatedAtAndChangesTheAmountAndThePDF() async throws {
        let clock = TestClock()
        try await withSandbox(clock: clock) { sandbox, http in
            let before = try #require(try await http.get("/v2/supplier_invoices?per_page=100").items("supplier_invoices")
                .first { $0["supplier_name"] is String && ($0["file_name"] as? String)?.hasSuffix(".pdf") == true })
            let id = try #require(before["id"] as? String)
            let attachmentID = try #require(before["attachment_id"] as? String)
            let oldFile = try await Self.download(http, sandbox, attachmentID)
            clock.advance(seconds: 10)
            let cursor = "2026-05-28T20:26:45Z"  // between the old data and the touch

            await sandbox.touchInvoice(id: id, newAmount: "12.34")

            let after = try #require(try await http.get("/v2/supplier_invoices/\(id)").json["supplier_invoice"] as? [String: Any])
            #expect(after["updated_at"] as? String == "2026-05-28T20:26:50.000Z")
            #expect((after["total_amount"] as? [String: Any])?["value"] as? String == "12.34")
            let since = try await http.get("/v2/supplier_invoices?filter[updated_at_from]=\(cursor)").items("supplier_invoices")
            #expect(since.compactMap { $0["id"] as? String } == [id])
            let newFile = try await Self.download(http, sandbox, attachmentID)
            #expect(newFile != oldFile)
            #expect(String(decoding: newFile, as: UTF8.self).contains("Total TTC : 12.34 "))
        }
    }

    @Test func theTouchRouteWorksFromAnotherProcess() async throws {
        try await withSandbox { _, http in
            let id = try #require(try await http.get("/v2/supplier_invoices?per_page=1").items("supplier_invoices").first?["id"] as? String)
            let touched = try await http.postJSON("/_sandbox/invoices/\(id)/touch", #"{"amount":"99.90"}"#)
            #expect(touched.status == 200)
            #expect((touched.json["total_amount"] as? [String: Any])?["value"] as? String == "99.90")
            #expect(try await http.postJSON("/_sandbox/invoices/\(id)/touch", "").status == 200)
            #expect(try await http.postJSON("/_sandbox/invoices/\(id)/touch", #"{"amount":"lots"}"#).status == 400)
            #expect(try await http.postJSON("/_sandbox/invoices/unknown/touch", "").status == 404)
        }
    }

    static func download(_ http: RawHTTP, _ sandbox: QontoSandbox, _ attachmentID: String) async throws -> [UInt8] {
        let attachment = try #require(try await http.get("/v2/attachments/\(attachmentID)").json["attachment"] as? [String: Any])
        return try await http.get(AttachmentTests.target(of: attachment["url"] as? String ?? "", port: sandbox.port), auth: nil).body
    }
}
