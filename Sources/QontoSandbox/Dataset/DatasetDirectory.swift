import Foundation

/// Reads and writes dataset directories (``SandboxDataset/directory(_:)``).
///
/// Layout (every file optional):
/// ```
/// organization.json        {"organization": {…, "bank_accounts": [...]}}   or the bare object
/// supplier_invoices.json   {"supplier_invoices": [...]}                    or a bare array
/// client_invoices.json     {"client_invoices": [...]}                      or a bare array
/// transactions.json        {"transactions": [...]}                         or a bare array
/// attachments.json         {"attachments": [{id, created_at, file_name, file_content_type, probative_attachment}]}
/// files/<attachment id>    the bytes (`file_size` is always computed from them)
/// ```
/// Objects are served exactly as written (key order, nulls, extra fields, offset timestamps), so a
/// directory can reproduce a quirk of the real API; each listed item needs a string `id` and a
/// parseable `created_at`. A file under `files/` without an `attachments.json` entry is still
/// served: its name comes from the invoice that references it, its type from its first bytes.
enum DatasetDirectory {
    static func load(_ path: String) throws -> Dataset {
        let root = URL(fileURLWithPath: path, isDirectory: true)
        guard FileManager.default.fileExists(atPath: root.path) else {
            throw SandboxError("dataset directory \(path) does not exist")
        }
        let organization = try read(root, "organization.json").map { $0["organization"] ?? $0 }
            ?? fallbackOrganization()
        let supplierInvoices = try resources(root, "supplier_invoices")
        let clientInvoices = try resources(root, "client_invoices")
        let transactions = try resources(root, "transactions")
        let files = root.appendingPathComponent("files", isDirectory: true)

        var attachments: [String: AttachmentRecord] = [:]
        let listed = try read(root, "attachments.json").map { $0["attachments"] ?? $0 }?.arrayValue ?? []
        for item in listed {
            guard let id = item["id"]?.stringValue else { throw SandboxError("attachments.json: an item has no string id") }
            attachments[id] = AttachmentRecord(
                id: id, createdAt: item["created_at"]?.stringValue ?? "1970-01-01T00:00:00.000Z",
                fileName: item["file_name"]?.stringValue ?? id,
                contentType: item["file_content_type"]?.stringValue ?? "application/octet-stream",
                probative: item["probative_attachment"] ?? .object([("status", .string("available"))]),
                content: .file(path: files.appendingPathComponent(id).path))
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: files.path)) ?? []
        for name in names.sorted() where attachments[name] == nil {
            let owner = (supplierInvoices + clientInvoices).first {
                $0.string("attachment_id") == name || $0.string("display_attachment_id") == name
            }
            let path = files.appendingPathComponent(name).path
            let head = (FileManager.default.contents(atPath: path) ?? Data()).prefix(8)
            attachments[name] = AttachmentRecord(
                id: name, createdAt: owner?.createdAt.iso8601 ?? "1970-01-01T00:00:00.000Z",
                fileName: owner?.string("file_name") ?? name, contentType: sniff([UInt8](head)),
                probative: .object([("status", .string("available"))]), content: .file(path: path))
        }
        return Dataset(organization: organization, supplierInvoices: supplierInvoices, clientInvoices: clientInvoices,
                       transactions: transactions, attachments: attachments)
    }

    /// Writes `dataset` in the layout above, files included.
    static func write(_ dataset: Dataset, to path: String) throws {
        let root = URL(fileURLWithPath: path, isDirectory: true)
        let files = root.appendingPathComponent("files", isDirectory: true)
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        func save(_ name: String, _ json: JSON) throws {
            try Data(json.prettySerialized()).write(to: root.appendingPathComponent(name))
        }
        try save("organization.json", .object([("organization", dataset.organization)]))
        try save("supplier_invoices.json", .object([("supplier_invoices", .array(dataset.supplierInvoices.map(\.body)))]))
        try save("client_invoices.json", .object([("client_invoices", .array(dataset.clientInvoices.map(\.body)))]))
        try save("transactions.json", .object([("transactions", .array(dataset.transactions.map(\.body)))]))
        let records = dataset.attachments.values.sorted { $0.id < $1.id }
        try save("attachments.json", .object([("attachments", .array(records.map { record in
            .object([("id", .string(record.id)), ("created_at", .string(record.createdAt)), ("file_name", .string(record.fileName)),
                     ("file_content_type", .string(record.contentType)), ("probative_attachment", record.probative)])
        }))]))
        let invoices = Dictionary((dataset.supplierInvoices + dataset.clientInvoices).map { ($0.id, $0.body) }, uniquingKeysWith: { a, _ in a })
        let organizationName = dataset.organization["legal_name"]?.stringValue ?? dataset.organization["name"]?.stringValue ?? ""
        for record in records {
            let bytes = try AttachmentRenderer.bytes(for: record.content, invoice: { invoices[$0] }, organizationName: organizationName)
            try Data(bytes).write(to: files.appendingPathComponent(record.id))
        }
    }

    /// The content type suggested by a file's first bytes.
    static func sniff(_ head: [UInt8]) -> String {
        if head.starts(with: Array("%PDF-".utf8)) { return "application/pdf" }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "image/png" }
        if head.starts(with: Array("<?xml".utf8)) || head.starts(with: [0xEF, 0xBB, 0xBF, 0x3C]) { return "application/xml" }
        return head.isEmpty ? "application/pdf" : "application/octet-stream"
    }

    private static func read(_ root: URL, _ name: String) throws -> JSON? {
        let url = root.appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        do {
            return try JSONParser.parse([UInt8](data))
        } catch {
            throw SandboxError("\(name): \(error)")
        }
    }

    private static func resources(_ root: URL, _ key: String) throws -> [Resource] {
        guard let json = try read(root, "\(key).json") else { return [] }
        let items = (json[key] ?? json).arrayValue ?? []
        return try items.enumerated().map { index, item in
            guard let resource = Resource(item) else {
                throw SandboxError("\(key).json: item \(index) needs a string id and an ISO 8601 created_at")
            }
            return resource
        }
    }

    /// A minimal organisation with one main account, when the directory has none.
    private static func fallbackOrganization() -> JSON {
        var generator = DatasetGenerator(seed: 0, invoicesPerYear: 0, years: 1, now: Instant(milliseconds: 0), slug: "facteur-demo")
        return generator.make().organization
    }
}

extension QontoSandbox {
    /// Writes the dataset a configuration describes (generated or loaded) to a directory that
    /// ``SandboxDataset/directory(_:)`` can serve, attachment files included.
    ///
    /// Use it to start a hand-edited scenario from realistic data:
    /// `facteur sandbox --export-dataset demo/qonto` then edit, then `--dataset demo/qonto`.
    /// - Throws: ``SandboxError`` or a file-system error.
    public static func exportDataset(_ configuration: SandboxConfiguration, to directory: String) throws {
        try DatasetDirectory.write(makeDataset(configuration), to: directory)
    }
}
