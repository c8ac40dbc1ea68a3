import FacteurTesting
import FacteurCore
import Foundation
import Store

/// Seeding as the sync leaves the store: Qonto records with their JSON as Qonto sent it, the
/// outbox messages composed from them, a review hold, an incident.
extension WebHarness {
    /// A supplier invoice as Qonto lists it.
    static func invoiceJSON(id: String, supplier: String?, number: String?, amount: String?, currency: String? = "EUR",
                            issueDate: String? = "2026-11-03", fileName: String? = "facture.pdf",
                            nonFinancial: Bool = false) -> String {
        var json: [String: Any] = ["id": id, "updated_at": "2026-11-20T09:00:00.000Z", "status": "to_review",
                                   "is_attachment_non_financial": nonFinancial]
        json["supplier_name"] = supplier
        json["invoice_number"] = number
        if let amount { json["total_amount"] = ["value": amount, "currency": currency ?? "EUR"] }
        json["issue_date"] = issueDate
        json["file_name"] = fileName
        let data = try! JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// A message composed from a Qonto record (stored with its JSON), queued in the given state:
    /// `.held` for a review hold (never attempted), `.failed` after the server refused it.
    @discardableResult
    func seedInvoiceMessage(recordID: String, json: String, state: OutboxState, reason: String? = nil,
                            reply: String = "550 5.1.1 <supplier@pennylane.test>: Recipient address rejected: User unknown",
                            explanation: String? = nil, now: Date = Date()) throws -> OutboxMessage {
        var new = NewOutboxMessage(recordID: recordID, recordType: "supplier_invoice", contentHash: "h-\(recordID)",
                                   messageID: "qonto.supplier_invoice.\(recordID)@facteur", sender: "factures@example.fr",
                                   recipient: "supplier@pennylane.test", subject: "Facture \(recordID)",
                                   attachmentName: "\(recordID).pdf", attachmentSHA256: String(repeating: "0", count: 64),
                                   spoolFile: "spool/\(Self.fileName(recordID)).eml", size: 100)
        if state == .held {
            new.initialState = .held
            new.holdReason = reason
        }
        try FileManager.default.createDirectory(atPath: "\(dataPath)/spool", withIntermediateDirectories: true)
        try Data("composed \(recordID)\r\n".utf8).write(to: URL(fileURLWithPath: "\(dataPath)/spool/\(Self.fileName(recordID)).eml"))
        var record = QontoRecord(recordType: "supplier_invoice", recordID: recordID, contentHash: "h-\(recordID)",
                                 updatedAt: "2026-11-20T09:00:00.000Z", disposition: "forwarded", rawJSON: json)
        record.matchExplanation = explanation
        _ = try QontoRecords(database: database).commitWindow(forwarded: [(new, record)], held: [], marker: nil, now: now)
        let message = try require(try outbox.messages(recordID: recordID).last)
        guard state == .failed else { return message }
        _ = try outbox.beginAttempt(id: message.id, now: now)
        let result = DeliveryResult(kind: .permanent, reply: reply, replyCode: 550)
        let transition = OutboxTransition.after(result, attempts: 1, firstQueuedAt: now, now: now, policy: RetryPolicy(), jitter: 0)
        return try outbox.finishAttempt(id: message.id, result: result, transition: transition, now: now)
    }

    /// A record held before composing (a Document Review item, an unreadable file).
    /// - Parameter version: Tells versions of one record apart (their content hash).
    func seedHeldRecord(recordID: String, json: String, reason: String, version: String = "", now: Date = Date()) throws {
        var record = QontoRecord(recordType: "supplier_invoice", recordID: recordID, contentHash: "h-\(recordID)\(version)",
                                 updatedAt: "2026-11-20T09:00:00.000Z", disposition: "held", reason: reason, rawJSON: json)
        // The sync stores the typed decision beside the sentence; seeded from the sentence here by
        // the rules an upgraded database's rows get theirs (schema v11).
        record.decision = InvoiceDecision.legacy(disposition: "held", reason: reason, explanation: nil, counterpartyID: nil)
        _ = try QontoRecords(database: database).commitWindow(forwarded: [], held: [record], marker: nil, now: now)
    }

    /// An open incident on a side.
    func seedIncident(_ side: Side, summary: String, remedy: String, now: Date = Date()) throws {
        try Incidents(database: database).record(side, summary: summary, remedy: remedy, now: now)
    }
}

private func require<T>(_ value: T?) throws -> T {
    guard let value else { throw TestFailure("a seeded value is missing") }
    return value
}
