public import FacteurCore
public import FoundationEssentials

/// What people set aside as "not an invoice" in one workspace: dismiss, undo, and the checks
/// retries and listings make. ``Dismissals`` is the SQLite implementation.
public protocol DismissalRegister: Sendable {
    /// Sets a version of a record aside, with the reason and who did it.
    @discardableResult
    func dismiss(_ subject: Dismissals.Subject, reason: String, by: String, now: Date) throws(StoreError) -> Dismissal
    /// Ends a dismissal; returns the record it concerned.
    @discardableResult
    func undo(id: Int64, by: String, now: Date) throws(StoreError) -> (recordType: String, recordID: String)
    /// Ends every dismissal of a record (a person asked for it again); returns how many.
    @discardableResult
    func endAll(recordType: String, recordID: String, by: String, now: Date) throws(StoreError) -> Int
    /// Whether this version of a record is set aside.
    func isDismissed(recordType: String, recordID: String, contentHash: String) throws(StoreError) -> Bool
    /// The dismissals in force, by subject.
    func active() throws(StoreError) -> [Dismissals.Subject: Dismissal]
}

extension Dismissals: DismissalRegister {}
