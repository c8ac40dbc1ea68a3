import FacteurCore
import Foundation
import QontoAPI
import Testing

/// A Qonto record or attachment ID ends up in URLs and file names: anything but the documented
/// shapes is refused when the answer is decoded, with a typed error (issue 12, item 7).
@Suite struct RecordIDTests {
    static let hostile = ["../../etc/passwd", "x-../../escaped", "a/b", "a b", "..", "-leading", "id\u{0}hidden", "é",
                          String(repeating: "a", count: 65)]

    func invoice(id: String, attachment: String = "a7f3c9d1-0000-4b6e-9c11-000000000101") -> [String: Any] {
        ["id": id, "updated_at": "2026-04-12T08:01:09.530Z", "attachment_id": attachment]
    }

    @Test(arguments: hostile)
    func anInvoiceIDThatIsNotAQontoIDIsRefusedWithATypedError(id: String) {
        do {
            let decoded = try QontoInvoice(kind: .supplier, json: invoice(id: id))
            Issue.record("decoded \(decoded.id.debugDescription)")
        } catch {
            #expect(error.code.description == "invalid_id")
            #expect(!error.message.contains("\u{0}"))
        }
    }

    @Test(arguments: hostile)
    func anAttachmentIDThatIsNotAQontoIDIsRefusedWithATypedError(id: String) {
        do {
            let decoded = try QontoInvoice(kind: .supplier, json: invoice(id: "5b0e2c8e-1f4a-4c1e-9d7e-000000000001", attachment: id))
            Issue.record("decoded attachment \(decoded.attachmentID.debugDescription)")
        } catch {
            #expect(error.code.description == "invalid_id")
        }
    }

    @Test(arguments: hostile)
    func aRenditionIDThatIsNotAQontoIDIsRefusedWithATypedError(id: String) {
        var json = invoice(id: "5b0e2c8e-1f4a-4c1e-9d7e-000000000001")
        json["display_attachment_id"] = id
        do {
            let decoded = try QontoInvoice(kind: .supplier, json: json)
            Issue.record("decoded rendition \(decoded.displayAttachmentID.debugDescription)")
        } catch {
            #expect(error.code.description == "invalid_id")
        }
    }

    @Test func anEmptyAttachmentOrRenditionIDCountsAsNone() throws {
        var json = invoice(id: "5b0e2c8e-1f4a-4c1e-9d7e-000000000001", attachment: "")
        json["display_attachment_id"] = ""
        let decoded = try QontoInvoice(kind: .supplier, json: json)
        #expect(decoded.attachmentID == nil && decoded.displayAttachmentID == nil && decoded.forwardedAttachmentID == nil)
    }

    @Test func documentedShapesAreAccepted() throws {
        for id in ["5b0e2c8e-1f4a-4c1e-9d7e-000000000001", "5B0E2C8E-1F4A-4C1E-9D7E-000000000001", "inv-01", "att_7"] {
            #expect(try QontoInvoice(kind: .supplier, json: invoice(id: id, attachment: id)).id == id)
        }
    }
}
