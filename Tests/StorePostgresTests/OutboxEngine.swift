import FacteurCore
import FacteurTesting
import Foundation
import Logging
import PostgresNIO
import Store
@testable import StorePostgres
import Testing

/// The outbox operations as the façade will declare them once it is async: the contract suite
/// runs the same scenarios through this on SQLite (``OutboxRepository``, synchronous methods
/// satisfy the async requirements) and on PostgreSQL (``PostgresOutboxQueue``).
protocol OutboxEngine: Sendable {
    func enqueue(_ new: NewOutboxMessage, now: Date) async throws(StoreError) -> OutboxRepository.EnqueueOutcome
    func due(now: Date, limit: Int) async throws(StoreError) -> [OutboxMessage]
    func beginAttempt(id: Int64, now: Date) async throws(StoreError) -> OutboxMessage?
    func markDataStarted(id: Int64, now: Date) async throws(StoreError)
    @discardableResult
    func finishAttempt(id: Int64, result: DeliveryResult, transition: OutboxTransition,
                       now: Date) async throws(StoreError) -> OutboxMessage
    func finishAttempt(id: Int64, result: DeliveryResult, transition: OutboxTransition, now: Date,
                       beginning next: Int64?) async throws(StoreError) -> (finished: OutboxMessage, begun: OutboxMessage?)
    func releaseAttempt(_ before: OutboxMessage, now: Date) async throws(StoreError)
    func recoverInterrupted(now: Date) async throws(StoreError) -> [OutboxMessage]
    func deliveryStops() async throws(StoreError) -> [DeliveryStop]
    func pausedByStop() async throws(StoreError) -> Int
    func nextAttemptAt() async throws(StoreError) -> String?
    func oldestDueQueuedAt(now: Date) async throws(StoreError) -> Date?
    func list(state: OutboxState?, limit: Int?) async throws(StoreError) -> [OutboxMessage]
    func message(id: Int64) async throws(StoreError) -> OutboxMessage
    func messages(recordID: String) async throws(StoreError) -> [OutboxMessage]
    func counts() async throws(StoreError) -> [OutboxState: Int]
    func readdress(id: Int64, recipient: String, size: Int64, reason: String, now: Date) async throws(StoreError)
    func resend(ids: [Int64], reason: String, now: Date) async throws(StoreError) -> [OutboxMessage]
}

extension OutboxRepository: OutboxEngine {}
extension PostgresOutboxQueue: OutboxEngine {}

/// A mail-log row as both engines store it, the fields the contract compares.
struct LogRow: Equatable, CustomStringConvertible {
    var seq: Int64
    var event: String
    var outboxID: Int64?
    var outcome: String?
    var reply: String?
    var possibleDuplicate: Bool
    var detail: String?

    var description: String { "\(seq) \(event) #\(outboxID.map { String($0) } ?? "-") \(outcome ?? "-") dup=\(possibleDuplicate) \(detail ?? "")" }
}

/// The engines the contract runs on.
enum Engine: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }
}

/// One outbox under test and a reader of its mail log.
struct OutboxUnderTest: Sendable {
    let outbox: any OutboxEngine
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
                LogRow(seq: $0.seq, event: $0.event, outboxID: $0.outboxID, outcome: $0.outcome, reply: $0.reply,
                       possibleDuplicate: $0.possibleDuplicate, detail: $0.detail)
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
        SELECT seq, event, outbox_id, outcome, reply, possible_duplicate, detail FROM mail_log
        WHERE workspace = \(queue.workspace.rawValue) ORDER BY seq
        """).map { row in
        let (seq, event, outboxID, outcome, reply, duplicate, detail) = try row.decode(
            (Int64, String, Int64?, String?, String?, Bool, String?).self)
        return LogRow(seq: seq, event: event, outboxID: outboxID, outcome: outcome, reply: reply,
                      possibleDuplicate: duplicate, detail: detail)
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
