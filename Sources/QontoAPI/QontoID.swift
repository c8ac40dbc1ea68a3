/// The shape of a Qonto record or attachment ID, checked where Qonto's answers are decoded: an ID
/// ends up in URLs (`/v2/attachments/{id}`) and in file names (`incoming/<type>-<id>.part`), so one
/// that could escape a folder or a path segment must never get further than the decoder.
///
/// Qonto documents its IDs as UUIDs (qonto-api.md: `id`, `attachment_id`, `supplier_id`). Accepted:
/// a UUID, or — the shape the rest of Facteur already allows for record IDs, and the one the
/// bundled sandbox's directory datasets use (`inv-01`, `att-1`) — 1 to 64 ASCII letters, digits,
/// `-` or `_`, beginning with a letter or a digit. Anything else (`/`, `..`, spaces, NUL, non-ASCII,
/// longer) is refused with ``QontoError/Code/invalidID``.
public enum QontoID {
    /// Whether `text` is a Qonto ID of an accepted shape.
    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, bytes.count <= 64, isAlphanumeric(first) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }

    /// Checks an ID.
    /// - Parameter what: What the ID names, for the message ("supplier_invoice", "attachment of …").
    /// - Throws: ``QontoError`` `.invalidID`, quoting at most 40 characters of the ID, escaped.
    public static func validate(_ text: String, _ what: String) throws(QontoError) {
        guard isValid(text) else {
            throw QontoError(.invalidID, "Qonto sent \(what) whose ID \(quoted(text)) is not a Qonto ID (a UUID, or 1 to 64 letters, digits, '-' or '_'): refused")
        }
    }

    /// An ID for messages: escaped (no control characters, no NUL), at most 40 characters.
    public static func quoted(_ text: String) -> String {
        let head = String(text.unicodeScalars.prefix(40).map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
        return "\"" + head + (text.unicodeScalars.count > 40 ? "…" : "") + "\""
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}
