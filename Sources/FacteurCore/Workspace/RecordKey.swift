/// Which Qonto record a fact is about: the workspace (company) it belongs to, its kind (supplier or
/// customer invoice) and its ID, checked once by ``RecordID/validate(_:)`` so code holding a key
/// never re-checks nor passes a `(recordType, recordID)` string pair in the wrong order.
///
/// The stored columns stay `record_type` and `record_id`: the Store builds keys from them at its
/// boundary (``init(workspace:recordType:recordID:)``) and writes ``recordType`` and ``id`` back.
///
/// ```swift
/// let key = try RecordKey(workspace: .default, kind: .supplier, id: "inv-01")
/// key.recordType   // "supplier_invoice"
/// ```
public struct RecordKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The workspace (one company) the record belongs to.
    public let workspace: WorkspaceID
    /// Supplier or customer invoice.
    public let kind: InvoiceKind
    /// The Qonto ID (or a key derived for a record refused at the API edge), 1 to 64 letters,
    /// digits, `-` or `_`.
    public let id: String

    /// Creates a key after checking the ID.
    /// - Throws: ``FacteurCoreError`` `.invalidRecordID` naming the rule.
    public init(workspace: WorkspaceID = .default, kind: InvoiceKind, id: String) throws(FacteurCoreError) {
        try RecordID.validate(id)
        self.workspace = workspace
        self.kind = kind
        self.id = id
    }

    /// The key of a stored row, when its type is one of ours and its ID valid (`nil` otherwise:
    /// a row no version of Facteur could have written).
    public init?(workspace: WorkspaceID = .default, recordType: String, recordID: String) {
        guard let kind = InvoiceKind(qontoType: recordType),
              let key = try? RecordKey(workspace: workspace, kind: kind, id: recordID) else { return nil }
        self = key
    }

    /// The Qonto record type stored beside the ID (`supplier_invoice`, `client_invoice`).
    public var recordType: String { kind.qontoType }

    /// `workspace/record_type/id`, for logs.
    public var description: String { "\(workspace)/\(recordType)/\(id)" }

    /// Workspace, then kind, then ID.
    public static func < (lhs: RecordKey, rhs: RecordKey) -> Bool {
        (lhs.workspace, lhs.kind.rawValue, lhs.id) < (rhs.workspace, rhs.kind.rawValue, rhs.id)
    }
}
