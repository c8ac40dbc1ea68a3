/// When an incident opens, when the owner is mailed, when it closes. Pure.
///
/// One incident per side at a time. The owner is mailed when it opens — once, however many records
/// or windows fail meanwhile; if that mail could not be sent, it is tried again the next time the
/// failure is seen, until one goes out. The next success of the side resolves it; failing again
/// after that opens a new incident (and a new mail).
public enum IncidentPolicy {
    /// What to do when a side is stopped by an authentication failure.
    public enum OnStop: Sendable, Hashable {
        /// Open a new incident and mail the owner.
        case open
        /// The incident is already open and the owner was mailed: nothing more.
        case alreadyNotified(incidentID: Int64)
        /// The incident is open but no mail went out yet: try mailing again.
        case notifyAgain(incidentID: Int64)
    }

    /// The decision when a side stops.
    /// - Parameter open: The side's open incident, if any.
    public static func onStop(open: Incident?) -> OnStop {
        guard let open else { return .open }
        return open.notifiedAt == nil ? .notifyAgain(incidentID: open.id) : .alreadyNotified(incidentID: open.id)
    }

    /// The incident a success resolves, if any.
    /// - Parameter open: The side's open incident, if any.
    public static func onSuccess(open: Incident?) -> Int64? { open?.id }
}
