public import FacteurCore
import GRDB

/// Where record keys are built: the stored columns stay `record_type` and `record_id`, and the
/// Store hands out ``RecordKey``s carrying this view's workspace.
extension QontoRecords {
    /// The key of a stored row (`record_type`, `record_id`), in this view's workspace; `nil` for a
    /// row no version of Facteur could have written (an unknown type, an invalid ID).
    func key(of row: Row) -> RecordKey? {
        RecordKey(workspace: workspace, recordType: row["record_type"], recordID: row["record_id"])
    }

    /// The key of a record row, in this view's workspace.
    public func key(of record: QontoRecord) -> RecordKey? {
        RecordKey(workspace: workspace, recordType: record.recordType, recordID: record.recordID)
    }

    /// The latest version seen of a record, if any.
    public func latest(_ key: RecordKey) throws(StoreError) -> QontoRecord? {
        try latest(recordType: key.recordType, recordID: key.id)
    }

}
