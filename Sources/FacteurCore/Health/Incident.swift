/// The two sides of the gateway, each with its own loop that an authentication failure stops.
public enum Side: String, Sendable, Codable, Hashable, CaseIterable {
    /// Polling the Qonto Business API.
    case qonto
    /// Delivering over SMTP.
    case smtp
}

/// An authentication incident: a side stopped until a person fixes its credentials. The workspace
/// owner is mailed once when it opens; it is resolved by the next success of that side.
public struct Incident: Sendable, Codable, Hashable {
    /// Row ID.
    public var id: Int64
    /// The side that stopped.
    public var side: Side
    /// When it opened (Timestamp format).
    public var openedAt: String
    /// When the side worked again, or nil while open.
    public var resolvedAt: String?
    /// What failed, in one line (no secret).
    public var summary: String
    /// The command or page that fixes it.
    public var remedy: String
    /// When the owner was mailed, or nil.
    public var notifiedAt: String?
    /// Why the owner could not be mailed (no owner_email, SMTP itself failing…), or nil.
    public var notificationError: String?

    /// Creates an incident.
    public init(id: Int64, side: Side, openedAt: String, resolvedAt: String?, summary: String, remedy: String,
                notifiedAt: String?, notificationError: String?) {
        self.id = id
        self.side = side
        self.openedAt = openedAt
        self.resolvedAt = resolvedAt
        self.summary = summary
        self.remedy = remedy
        self.notifiedAt = notifiedAt
        self.notificationError = notificationError
    }
}
