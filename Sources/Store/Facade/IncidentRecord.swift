public import FacteurCore
public import FoundationEssentials

/// Authentication incidents of one workspace (one open per side at a time) and each side's last
/// success and failure, as the incident desk writes them and the pages read them. ``Incidents`` is
/// the SQLite implementation.
public protocol IncidentRecord: Sendable {
    /// The side's open incident, if any.
    func open(_ side: Side) throws(StoreError) -> Incident?
    /// Every open incident.
    func allOpen() throws(StoreError) -> [Incident]
    /// The latest incidents, open or closed, newest first.
    func all(limit: Int) throws(StoreError) -> [Incident]
    /// Opens an incident for a side (or returns the one open).
    @discardableResult
    func record(_ side: Side, summary: String, remedy: String, now: Date) throws(StoreError) -> Incident
    /// Records whether the owner was mailed about an incident.
    func noteNotification(_ incident: Incident, recipient: String?, reply: String?, error: String?,
                          now: Date) throws(StoreError)
    /// Records a success on a side, closing its open incident; returns the incident closed.
    @discardableResult
    func noteSuccess(_ side: Side, now: Date) throws(StoreError) -> Incident?
    /// Records progress on a side without closing an incident.
    func noteProgress(_ side: Side, now: Date) throws(StoreError)
    /// Records a failure on a side.
    func noteFailure(_ side: Side, error: String, now: Date) throws(StoreError)
    /// A side's last success and failure.
    func health(_ side: Side) throws(StoreError) -> (lastSuccessAt: String?, lastFailureAt: String?, lastError: String?)
}

extension IncidentRecord {
    /// The latest 100 incidents, newest first.
    public func all() throws(StoreError) -> [Incident] { try all(limit: 100) }
}

extension Incidents: IncidentRecord {}
