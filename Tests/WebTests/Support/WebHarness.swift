import FacteurCore
import FacteurTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Store
import Web

/// A data directory with a real SQLite database, seeded through Store, and the web app over it.
struct WebHarness {
    static let templates = "\(Repository.root)/templates/web"
    static let qontoBase = "https://app.qonto.com/supplier-invoices/"

    let directory: TemporaryDirectory
    /// The data directory (`<directory>/data`, or a workspace's folder in a gateway).
    let dataPath: String
    let database: FacteurDatabase
    var outbox: OutboxRepository { OutboxRepository(database: database) }

    init() throws {
        directory = try TemporaryDirectory("facteur-web")
        dataPath = "\(directory.path)/data"
        database = try FacteurDatabase.open(dataDirectory: dataPath)
    }

    /// A harness over a workspace of a gateway (``GatewayHarness``): its folder and its database.
    init(directory: TemporaryDirectory, dataPath: String, database: FacteurDatabase) {
        self.directory = directory
        self.dataPath = dataPath
        self.database = database
    }

    /// Enqueues a message for `recordID` and fails it permanently with `reply` (so it is `failed`).
    @discardableResult
    func seedFailedMessage(recordID: String, reply: String = "554 5.7.1 Recipient address rejected: mailbox unknown")
        throws -> OutboxMessage {
        let new = NewOutboxMessage(recordID: recordID, recordType: "supplier_invoice", contentHash: "c1",
                                   messageID: "qonto.supplier_invoice.\(recordID)@facteur", sender: "factures@example.fr",
                                   recipient: "supplier@pennylane.test", subject: "Facture \(recordID)",
                                   attachmentName: "\(recordID).pdf", attachmentSHA256: String(repeating: "0", count: 64),
                                   spoolFile: "spool/\(Self.fileName(recordID)).eml", size: 100)
        let now = Date()
        // The composed file the outbox points at, so a Retry finds it (it checks before re-queuing)
        try FileManager.default.createDirectory(atPath: "\(dataPath)/spool", withIntermediateDirectories: true)
        try Data("composed \(recordID)\r\n".utf8).write(to: URL(fileURLWithPath: "\(dataPath)/spool/\(Self.fileName(recordID)).eml"))
        let message = try outbox.enqueue(new, now: now).message
        _ = try outbox.beginAttempt(id: message.id, now: now)
        let result = DeliveryResult(kind: .permanent, reply: reply, replyCode: 554)
        let transition = OutboxTransition.after(result, attempts: 1, firstQueuedAt: now, now: now,
                                                policy: RetryPolicy(), jitter: 0)
        return try outbox.finishAttempt(id: message.id, result: result, transition: transition, now: now)
    }

    /// A record ID made safe as a file name (the tests use hostile ones).
    static func fileName(_ recordID: String) -> String {
        String(recordID.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
    }

    func configuration(host: String = "127.0.0.1", passwordHash: String? = nil,
                       templates: String = WebHarness.templates) -> WebConfiguration {
        WebConfiguration(host: host, port: 0, templatesDirectory: templates, passwordHash: { passwordHash })
    }

    func application(host: String = "127.0.0.1", passwordHash: String? = nil,
                     onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        async throws -> Application<RouterResponder<WebRequestContext>> {
        try await application(configuration: configuration(host: host, passwordHash: passwordHash), onServerRunning: onServerRunning)
    }

    func application(configuration: WebConfiguration, logger: Logger? = nil,
                     onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        async throws -> Application<RouterResponder<WebRequestContext>> {
        var logger = logger ?? Logger(label: "web-test")
        if logger.logLevel < .warning, logger.label == "web-test" { logger.logLevel = .warning }
        return try await buildWebApplication(configuration: configuration,
                                             actions: try TestActions.make(database: database, dataDirectory: dataPath),
                                             store: SQLiteWorkspaceStore(database: database),
                                             logger: logger, onServerRunning: onServerRunning)
    }

    func remove() { directory.remove() }
}
