import Curl
import FacteurApp
import FacteurCore
import FacteurTesting
import Foundation
import QontoAPI
import QontoSandbox
import Store

/// The bundled Qonto sandbox on 127.0.0.1, a data directory, and the real sync and delivery paths
/// (file transport into a Maildir) between them.
final class SyncHarness: @unchecked Sendable {
    // @unchecked: used from one test at a time; the sandbox itself is Sendable.
    let directory: TemporaryDirectory
    let sandbox: QontoSandbox
    let database: FacteurDatabase
    var values: [String: String]

    init(invoicesPerYear: Int = 20, years: Int = 3) async throws {
        directory = try TemporaryDirectory("facteur-sync")
        var configuration = SandboxConfiguration()
        configuration.dataset = .generated(seed: 7, invoicesPerYear: invoicesPerYear, years: years)
        sandbox = try await QontoSandbox.start(configuration)
        values = [
            "data_dir": "\(directory.path)/data",
            "templates_dir": "\(Repository.root)/templates",
            "smtp_url": "file://\(directory.path)/mail",
            "smtp_from": "Facteur <factures@example.fr>",
            "pennylane_supplier_inbox": "achats@pennylane.test",
            "pennylane_customer_inbox": "ventes@pennylane.test",
            "qonto_api_url": sandbox.baseURL,
            "qonto_oauth_url": sandbox.baseURL,
            "qonto_login": "facteur-demo",
            "qonto_secret_key": "sandbox-secret-key",
            "backfill_since": "2000-01-01",
        ]
        database = try FacteurDatabase.open(dataDirectory: "\(directory.path)/data")
    }

    /// Runs `body` with a fresh harness and always stops the sandbox and removes the files.
    static func with(invoicesPerYear: Int = 20, _ body: (SyncHarness) async throws -> Void) async throws {
        let harness = try await SyncHarness(invoicesPerYear: invoicesPerYear)
        do {
            try await body(harness)
        } catch {
            await harness.close()
            throw error
        }
        await harness.close()
    }

    func close() async {
        await sandbox.stop()
        directory.remove()
    }

    var configuration: FacteurConfiguration { get throws { try FacteurConfiguration(values: values) } }

    /// One `facteur sync` run (in process), on a dedicated thread.
    func sync(since: Date? = nil) async throws -> SyncInvoices.Summary {
        let configuration = try configuration
        let database = database
        return try await CurlWorker.run {
            // Retries wait for nothing here: the clock is the one test double allowed at the edge.
            let client = try QontoConnection.client(configuration, secret: { _ in nil }, saveSecret: { _, _ in }, sleep: { _ in })
            return try SyncInvoices(configuration: configuration, database: database).runBlocking(client: client, since: since)
        }
    }

    /// One `facteur deliver` run into the Maildir.
    func deliver() async throws -> DeliverOutbox.Summary {
        let configuration = try configuration
        var delivery = DeliverOutbox(transport: try configuration.makeTransport(), database: database,
                                     dataDirectory: configuration.dataDirectory, policy: configuration.retryPolicy)
        delivery.connections = configuration.smtpConnections
        return try await delivery.run()
    }

    /// The Message-IDs in the Maildir, one per delivered file.
    func deliveredMessageIDs() throws -> [String] {
        let folder = "\(directory.path)/mail/new"
        return try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map { name in
            let text = try String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8)
            let line = text.split(separator: "\r\n").first { $0.hasPrefix("Message-ID: ") } ?? ""
            return String(line.dropFirst("Message-ID: ".count))
        }
    }

    var outbox: OutboxRepository { OutboxRepository(database: database) }
}
