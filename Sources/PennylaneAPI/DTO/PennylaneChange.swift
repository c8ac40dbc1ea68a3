public import FoundationEssentials

/// One event of a changelog (`GET /changelogs/{resource}`): a record inserted, updated or deleted.
public struct PennylaneChange: Sendable, Hashable {
    /// What happened to the record.
    public struct Operation: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The wire value.
        public var rawValue: String
        /// Wraps a wire value (kept even when unknown, so new operations do not break the walk).
        public init(rawValue: String) { self.rawValue = rawValue }
        /// `insert`.
        public static let insert = Operation(rawValue: "insert")
        /// `update`.
        public static let update = Operation(rawValue: "update")
        /// `delete`.
        public static let delete = Operation(rawValue: "delete")
        /// The wire value.
        public var description: String { rawValue }
    }

    /// The id of the changed record (a supplier, customer or supplier invoice id).
    public var id: Int
    /// What happened.
    public var operation: Operation
    /// `processed_at`: when the event reached the changelog (the order of the log).
    public var processedAt: Date
    /// `updated_at` of the record.
    public var updatedAt: Date?
    /// `created_at` of the record.
    public var createdAt: Date?

    /// Creates a change.
    public init(id: Int, operation: Operation, processedAt: Date, updatedAt: Date? = nil, createdAt: Date? = nil) {
        self.id = id
        self.operation = operation
        self.processedAt = processedAt
        self.updatedAt = updatedAt
        self.createdAt = createdAt
    }

    /// Reads one item of a changelog.
    /// - Throws: ``PennylaneError`` (`.decoding`) without an `id`, an `operation` or a `processed_at`.
    init(json: [String: Any]) throws(PennylaneError) {
        let id = try JSONValue.id(json, "change")
        guard let operation = JSONValue.text(json["operation"]), let processed = JSONValue.time(json["processed_at"]) else {
            throw PennylaneError(.decoding, "Pennylane change of record \(id) lacks \"operation\" or an RFC 3339 \"processed_at\"")
        }
        self.init(id: id, operation: Operation(rawValue: operation), processedAt: processed,
                  updatedAt: JSONValue.time(json["updated_at"]), createdAt: JSONValue.time(json["created_at"]))
    }
}
