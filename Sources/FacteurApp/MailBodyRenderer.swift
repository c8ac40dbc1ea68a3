public import FacteurCore
import Foundation
import Mustache

/// Renders mail bodies from `templates_dir/mail/*.mustache`.
///
/// Values are inserted with triple braces in the templates (`{{{name}}}`): the body is plain text, so
/// HTML escaping would only garble names like "L'Atelier & Co".
public struct MailBodyRenderer: Sendable {
    private let template: MustacheTemplate

    /// Loads `mail/invoice.mustache` from the templates directory.
    /// - Throws: ``ConfigurationError`` naming `templates_dir` when the file is missing or invalid.
    public init(templatesDirectory: String) throws(ConfigurationError) {
        let path = "\(templatesDirectory)/mail/invoice.mustache"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(key: "templates_dir", "cannot read \(path)")
        }
        do {
            template = try MustacheTemplate(string: String(decoding: data, as: UTF8.self))
        } catch {
            throw ConfigurationError(key: "templates_dir", "\(path) is not a valid Mustache template: \(error)")
        }
    }

    /// The body for an invoice document.
    public func body(for document: InvoiceDocument) -> String {
        let isQonto = document.origin == .qonto
        // Absent values are left out of the context: Mustache treats an empty string as present.
        var context: [String: Any] = [
            "kind_label": document.kind.label,
            "is_supplier": document.kind == .supplier,
            "record_id": document.recordID,
            "record_type": document.kind.qontoType,
            "is_qonto": isQonto,
            "file_name": InvoiceMail.attachmentFileName(for: document),
            "original_file_name": document.originalFileName,
            "sha256": document.attachmentSHA256,
            "size": ByteCount.describe(document.byteCount),
            "version": facteurVersion,
        ]
        if let name = document.counterpartyName, !name.isEmpty { context["counterparty"] = name }
        if let number = document.invoiceNumber, !number.isEmpty { context["invoice_number"] = number }
        if let replacement = document.replaces { context["replaces"] = replacement.sentence }
        return template.render(context)
    }
}

/// Human-readable byte counts ("1.2 MB").
enum ByteCount {
    static func describe(_ count: Int) -> String {
        if count < 1000 { return "\(count) B" }
        let units = ["kB", "MB", "GB"]
        var value = Double(count) / 1000
        var unit = 0
        while value >= 1000, unit < units.count - 1 { value /= 1000; unit += 1 }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }
}
