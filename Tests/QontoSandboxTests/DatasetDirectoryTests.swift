import Foundation
import QontoSandbox
import Testing

/// Datasets exported to a directory and served from it; start-up failures.
struct DatasetDirectoryTests {
    @Test func anExportedDatasetIsServedBackIdenticallyFromItsDirectory() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qonto-dataset-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let clock = TestClock()
        var generated = SandboxConfiguration()
        generated.dataset = .generated(seed: 5, invoicesPerYear: 12, years: 1)
        generated.now = { clock.now }
        try QontoSandbox.exportDataset(generated, to: directory)
        #expect(FileManager.default.fileExists(atPath: directory + "/supplier_invoices.json"))

        let fromSeed = try await Self.snapshot(generated)
        var loaded = generated
        loaded.dataset = .directory(directory)
        let fromDirectory = try await Self.snapshot(loaded)
        #expect(fromSeed.lists == fromDirectory.lists)
        #expect(fromSeed.files == fromDirectory.files)
    }

    @Test func aHandWrittenDirectoryIsServedAsWrittenWithSniffedFileTypes() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qonto-dataset-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("files"), withIntermediateDirectories: true)
        // A bare array, an offset timestamp, missing keys and a field from the future, as in qonto-api.md §7.2.
        let invoices = #"[{"id":"inv-1","status":"to_review","file_name":"scan_0001.png","attachment_id":"att-1","#
            + #""created_at":"2026-04-13T10:00:00+02:00","updated_at":"2026-04-13T10:00:00+02:00","brand_new":{"x":1}}]"#
        try Data(invoices.utf8).write(to: directory.appendingPathComponent("supplier_invoices.json"))
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]).write(to: directory.appendingPathComponent("files/att-1"))

        try await withSandbox(configure: { $0.dataset = .directory(directory.path) }) { _, http in
            let list = try await http.get("/v2/supplier_invoices?filter[updated_at_from]=2026-04-13T08:00:00Z")
            #expect(list.text.contains(#""created_at":"2026-04-13T10:00:00+02:00""#))
            #expect(list.text.contains(#""brand_new":{"x":1}"#))
            let attachment = try #require(try await http.get("/v2/attachments/att-1").json["attachment"] as? [String: Any])
            #expect(attachment["file_content_type"] as? String == "image/png")
            #expect(attachment["file_name"] as? String == "scan_0001.png")
            #expect(attachment["file_size"] as? String == "8")
            let late = try await http.get("/v2/supplier_invoices?filter[updated_at_from]=2026-04-13T08:00:01Z")
            #expect(late.items("supplier_invoices").isEmpty)
        }
    }

    @Test func aMissingDatasetDirectoryFailsToStartWithAClearError() async throws {
        var configuration = SandboxConfiguration()
        configuration.dataset = .directory("/nonexistent/qonto-dataset")
        await #expect(throws: SandboxError.self) { _ = try await QontoSandbox.start(configuration) }
    }

    @Test func aPortInUseFailsToStart() async throws {
        try await withSandbox { sandbox, _ in
            var configuration = SandboxConfiguration()
            configuration.port = sandbox.port
            configuration.dataset = .generated(seed: 1, invoicesPerYear: 1, years: 1)
            await #expect(throws: SandboxError.self) { _ = try await QontoSandbox.start(configuration) }
        }
    }

    /// The list bodies (without per-request ids) and every file, as served.
    static func snapshot(_ configuration: SandboxConfiguration) async throws -> (lists: [String], files: [[UInt8]]) {
        let sandbox = try await QontoSandbox.start(configuration)
        let http = RawHTTP(port: sandbox.port)
        do {
            let account = await sandbox.bankAccountIDs().first ?? ""
            var lists: [String] = []
            for path in ["/v2/organization", "/v2/supplier_invoices?per_page=100", "/v2/client_invoices?per_page=100",
                         "/v2/transactions?per_page=100&bank_account_id=\(account)"] {
                lists.append(try await http.get(path).text)
            }
            var files: [[UInt8]] = []
            for invoice in try await http.get("/v2/supplier_invoices?per_page=100").items("supplier_invoices") {
                files.append(try await TouchTests.download(http, sandbox, invoice["attachment_id"] as? String ?? ""))
                files.append(try await TouchTests.download(http, sandbox, invoice["display_attachment_id"] as? String ?? ""))
            }
            await sandbox.stop()
            return (lists, files)
        } catch {
            await sandbox.stop()
            throw error
        }
    }
}
