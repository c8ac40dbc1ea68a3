import FacteurCore
import FacteurTesting
import Foundation
import Logging
import PostgresNIO
import Store
@testable import StorePostgres
import Testing

/// A mail-log row as both engines store it, the fields the contract compares.
struct LogRow: Equatable, CustomStringConvertible {
    var seq: Int64
    var at: String = ""
    var event: String
    var outboxID: Int64?
    var outcome: String?
    var reply: String?
    var possibleDuplicate: Bool
    var detail: String?
    var recordID: String?
    var messageID: String?
    var recipient: String?
    var attachmentSHA256: String?

    var description: String { "\(seq) \(event) #\(outboxID.map { String($0) } ?? "-") \(outcome ?? "-") dup=\(possibleDuplicate) \(detail ?? "")" }
}

/// The engines the contract runs on.
enum Engine: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }
}

/// One outbox under test and a reader of its mail log.
struct OutboxUnderTest: Sendable {
    let outbox: any OutboxQueue
    let log: @Sendable () async throws -> [LogRow]
}

/// Runs `body` with a fresh outbox on one engine: an in-memory SQLite database, or a new
/// workspace in the suite's PostgreSQL server.
func withOutbox(_ engine: Engine, _ body: (OutboxUnderTest) async throws -> Void) async throws {
    switch engine {
    case .sqlite:
        let database = try FacteurDatabase.inMemory()
        let log: @Sendable () async throws -> [LogRow] = {
            try MailLog(database: database).entries().map {
                LogRow(seq: $0.seq, at: $0.at, event: $0.event, outboxID: $0.outboxID, outcome: $0.outcome, reply: $0.reply,
                       possibleDuplicate: $0.possibleDuplicate, detail: $0.detail, recordID: $0.recordID,
                       messageID: $0.messageID, recipient: $0.recipient, attachmentSHA256: $0.attachmentSHA256)
            }
        }
        try await body(OutboxUnderTest(outbox: OutboxRepository(database: database), log: log))
    case .postgres:
        let server = try PostgresServerTrait.server()
        try await withStoreConnection(server) { connection in
            let queue = PostgresOutboxQueue(connection: connection, workspace: .fresh())
            try await body(OutboxUnderTest(outbox: queue, log: { try await postgresLog(queue) }))
        }
    }
}

/// The mail log of a PostgreSQL outbox's workspace, in order.
func postgresLog(_ queue: PostgresOutboxQueue) async throws -> [LogRow] {
    try await queue.connection.rows("read the log", """
        SELECT * FROM mail_log WHERE workspace = \(queue.workspace.rawValue) ORDER BY seq
        """).map { row in
        let cells = row.makeRandomAccess()
        return LogRow(seq: try cells["seq"].decode(Int64.self), at: try cells["at"].decode(String.self),
                      event: try cells["event"].decode(String.self), outboxID: try cells["outbox_id"].decode(Int64?.self),
                      outcome: try cells["outcome"].decode(String?.self), reply: try cells["reply"].decode(String?.self),
                      possibleDuplicate: try cells["possible_duplicate"].decode(Bool.self),
                      detail: try cells["detail"].decode(String?.self), recordID: try cells["record_id"].decode(String?.self),
                      messageID: try cells["message_id"].decode(String?.self),
                      recipient: try cells["recipient"].decode(String?.self),
                      attachmentSHA256: try cells["attachment_sha256"].decode(String?.self))
    }
}

extension WorkspaceID {
    /// A workspace name no other test uses.
    static func fresh() -> WorkspaceID {
        WorkspaceID("t-\(UUID().uuidString.prefix(8).lowercased())")!
    }
}

/// A new message for record `id` with content `content` (as StoreTests' `newMessage`).
func newMessage(_ id: String, content: String = "c1", state: OutboxState = .queued) -> NewOutboxMessage {
    NewOutboxMessage(recordID: id, recordType: "supplier_invoice", contentHash: content,
                     messageID: "qonto.supplier_invoice.\(id).\(content)@facteur", sender: "factures@example.fr",
                     recipient: "supplier@pennylane.test", subject: "Facture \(id)", attachmentName: "\(id).pdf",
                     attachmentSHA256: String(repeating: "0", count: 64), spoolFile: "spool/\(id).eml", size: 100,
                     initialState: state, holdReason: state == .held ? "needs review" : nil)
}
