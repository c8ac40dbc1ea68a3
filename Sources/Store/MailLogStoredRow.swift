/// A mail-log row as an engine stored it: each text column's exact bytes, each integer column's
/// value, and each column's storage type (`integer`, `text`, `null`, or what else the engine
/// reports). Both engines build these so that one check (``MailLogChainCheck``) judges them.
package struct MailLogStoredRow: Sendable {
    /// Text columns, and whether each may be NULL.
    package static let textColumns: [(name: String, nullable: Bool)] = [
        ("at", false), ("event", false), ("record_id", true), ("record_type", true), ("message_id", true),
        ("recipient", true), ("outcome", true), ("reply", true), ("attachment_sha256", true), ("detail", true),
        ("prev_hash", false), ("hash", false), ("seal", true),
    ]
    /// Integer columns, and whether each may be NULL.
    package static let integerColumns: [(name: String, nullable: Bool)] = [
        ("seq", false), ("outbox_id", true), ("possible_duplicate", false),
    ]
    /// Columns holding a flag: only 0 or 1 is what Facteur writes.
    static let flagColumns: Set<String> = ["possible_duplicate"]

    private let bytes: [String: [UInt8]]
    private let integers: [String: Int64]
    private let types: [String: String]

    /// A row from its stored parts.
    /// - Parameters:
    ///   - bytes: Each non-NULL text column's exact bytes, by column name.
    ///   - integers: Each integer column stored as an integer, by column name.
    ///   - types: Each column's storage type by name (`integer`, `text`, `null`, …).
    package init(bytes: [String: [UInt8]], integers: [String: Int64], types: [String: String]) {
        self.bytes = bytes
        self.integers = integers
        self.types = types
    }

    /// The row's position, when stored as an integer.
    var seq: Int64? { integers["seq"] }

    /// A text column's value, when it is valid UTF-8.
    func text(_ name: String) -> String? {
        bytes[name].flatMap { String(validating: $0, as: UTF8.self) }
    }

    /// What is wrong with how the row is stored, if anything.
    var storageProblem: String? {
        for column in Self.integerColumns {
            let type = types[column.name] ?? "null"
            if type != "integer", !(column.nullable && type == "null") {
                return "\(column.name) is stored as \(type), not an integer (written outside Facteur)"
            }
            if Self.flagColumns.contains(column.name), let value = integers[column.name], value != 0, value != 1 {
                return "\(column.name) holds \(value), not 0 or 1 (written outside Facteur)"
            }
        }
        for column in Self.textColumns {
            let type = types[column.name] ?? "null"
            if type != "text", !(column.nullable && type == "null") {
                return "\(column.name) is stored as \(type), not text (written outside Facteur)"
            }
            guard let value = bytes[column.name] else { continue }
            if value.contains(0) { return "\(column.name) holds a NUL byte (text hidden after it; written outside Facteur)" }
            if String(validating: value, as: UTF8.self) == nil { return "\(column.name) is not valid UTF-8 (written outside Facteur)" }
        }
        return nil
    }

    /// The hashed fields in ``MailLogEntry/computedHash`` order, as stored.
    var hashedFields: [[UInt8]?] {
        func number(_ name: String) -> [UInt8]? { integers[name].map { Array(String($0).utf8) } }
        return [number("seq"), bytes["at"], bytes["event"], number("outbox_id"), bytes["record_id"], bytes["record_type"],
                bytes["message_id"], bytes["recipient"], bytes["outcome"], bytes["reply"], bytes["attachment_sha256"],
                Array((integers["possible_duplicate"] ?? 0) != 0 ? "1".utf8 : "0".utf8), bytes["detail"], bytes["prev_hash"]]
    }
}
