public import FacteurCore
public import Foundation

/// A listed record refused at decoding because an ID in it is not a Qonto ID: kept whole so it can
/// be held for a person, under a key derived from its bytes (its own ID cannot be trusted as one).
public struct QontoRefusedRecord: Sendable, Hashable {
    /// Supplier or customer invoice.
    public var kind: InvoiceKind
    /// The record's `id` exactly as sent, if it was a string.
    public var rawID: String?
    /// Its `updated_at`, when it parses.
    public var updatedAt: Date?
    /// The record exactly as received.
    public var rawJSON: Data
    /// Why it was refused (code ``QontoError/Code/invalidID``).
    public var error: QontoError

    /// Creates the refusal of one list item.
    public init(kind: InvoiceKind, json: [String: Any], error: QontoError) {
        self.kind = kind
        rawID = json["id"] as? String
        updatedAt = (json["updated_at"] as? String).flatMap(QontoTime.parse)
        rawJSON = (try? JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])) ?? Data()
        self.error = error
    }

    /// The record's own ID when it is a valid one (only its attachment ID was refused), else nil.
    public var validID: String? { rawID.flatMap { QontoID.isValid($0) ? $0 : nil } }
}
