import FacteurApp
import FacteurCore
import FacteurTesting
import Foundation
import Store

/// A data directory, a real SMTP server on 127.0.0.1 and the real delivery path between them:
/// ForwardInvoice (composer → spool → outbox) then DeliverOutbox (libcurl).
final class DeliveryHarness {
    let directory: TemporaryDirectory
    let server: SMTPTestServer?
    let database: FacteurDatabase
    var settings: [String: String]
    private var fileCounter = 0

    /// - Parameters:
    ///   - tls: The server's TLS mode, or nil for no server (a closed port is used).
    ///   - serverArguments: More server options.
    ///   - scheme: `smtp` (STARTTLS) or `smtps`.
    ///   - settings: Configuration overrides.
    init(tls: String? = "starttls", serverArguments: [String] = [], scheme: String = "smtp",
         settings overrides: [String: String] = [:]) async throws {
        let directory = try TemporaryDirectory("facteur-delivery")
        self.directory = directory
        if let tls {
            server = try await SMTPTestServer(tls: tls, arguments: serverArguments + ["--exit-with-parent"], directory: directory.path)
        } else {
            server = nil
        }
        settings = [
            "data_dir": "\(directory.path)/data",
            "templates_dir": "\(Repository.root)/templates",
            "smtp_url": "\(scheme)://127.0.0.1:\(server?.port ?? 9)",
            "smtp_ca_file": Repository.cert("ca.pem"),
            "smtp_from": "Facteur <factures@example.fr>",
            "smtp_helo": "facteur.test",
            "smtp_timeout": "10",
            "smtp_connect_timeout": "5",
            "pennylane_supplier_inbox": "supplier@pennylane.test",
            "pennylane_customer_inbox": "customer@pennylane.test",
        ]
        for (key, value) in overrides { settings[key] = value }
        database = try FacteurDatabase.open(dataDirectory: settings["data_dir"]!)
    }

    deinit {
        server?.stop()
        directory.remove()
    }

    var configuration: FacteurConfiguration {
        get throws { try FacteurConfiguration(values: settings) }
    }

    /// A small, unique PDF.
    func makePDF(_ name: String? = nil, size: Int = 2_000) throws -> String {
        fileCounter += 1
        var bytes = Array("%PDF-1.4\n% facteur test \(fileCounter) \(UUID().uuidString)\n".utf8)
        while bytes.count < size { bytes += Array("0 0 0 RG\n".utf8) }
        return try directory.write(name ?? "invoice-\(fileCounter).pdf", bytes)
    }

    /// Queues a fresh PDF for `recipient` through the real forward path (as a new version of the
    /// record `reference` when one is given and already queued).
    @discardableResult
    func enqueue(to recipient: String = "supplier@pennylane.test", size: Int = 2_000, reference: String? = nil) throws -> OutboxMessage {
        var values = settings
        values["pennylane_supplier_inbox"] = recipient
        let forward = ForwardInvoice(configuration: try FacteurConfiguration(values: values), database: database)
        return try forward.forward(path: try makePDF(size: size), kind: .supplier, reference: reference, now: Date()).message
    }

    /// Runs one delivery pass with the current settings (`smtp_connections` connections unless
    /// `connections` says otherwise).
    @discardableResult
    func deliver(connections: Int? = nil, now: @escaping @Sendable () -> Date = { Date() }) async throws -> DeliverOutbox.Summary {
        let configuration = try configuration
        var delivery = DeliverOutbox(transport: try configuration.makeTransport(), database: database,
                                     dataDirectory: configuration.dataDirectory, policy: configuration.retryPolicy,
                                     now: now, jitter: { 0 })
        delivery.connections = connections ?? configuration.smtpConnections
        return try await delivery.run()
    }

    func message(_ id: Int64) throws -> OutboxMessage {
        try OutboxRepository(database: database).message(id: id)
    }

    func log() throws -> [MailLogEntry] {
        try MailLog(database: database).entries()
    }

    /// Runs `Tests/Support/check_mime.py` (Python's email package, policy.strict) on a message file.
    /// - Returns: Its JSON summary.
    func checkMIME(_ path: String, expectSHA256: String? = nil) async throws -> [String: Any] {
        try await Self.checkMIME(path, expectSHA256: expectSHA256)
    }

    /// See ``checkMIME(_:expectSHA256:)``.
    static func checkMIME(_ path: String, expectSHA256: String? = nil) async throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Repository.support("check_mime.py"), path]
            + (expectSHA256.map { ["--expect-sha256", $0] } ?? [])
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let finished = await process.finish(stdout: output, stderr: errors)
        guard finished.status == 0 else { throw TestSupportError("check_mime.py refused \(path): \(finished.stderrText)") }
        return try JSONSerialization.jsonObject(with: finished.stdout) as? [String: Any] ?? [:]
    }
}
