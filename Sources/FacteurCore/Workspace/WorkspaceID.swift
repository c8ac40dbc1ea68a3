/// The name of a workspace: one company (one Qonto organisation, its two Pennylane inboxes, its
/// owner, settings and secrets) served by a gateway. It names a folder, travels in Message-IDs and
/// in metric labels, so it is restricted to lower-case letters, digits and inner hyphens, 1 to 40
/// characters (`acme`, `boulangerie-martin-75`). A single-company data directory is the workspace
/// ``default``.
public struct WorkspaceID: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// The name as typed (already valid).
    public let rawValue: String

    /// The workspace of a single-company data directory, and of a gateway configured the old way.
    public static let `default` = WorkspaceID(unchecked: "default")

    /// Validates a name. - Returns: `nil` when it is empty, longer than 40 characters, or holds
    /// anything but `a-z`, `0-9` and hyphens not at either end.
    public init?(_ text: String) {
        guard (1...40).contains(text.utf8.count), text.first != "-", text.last != "-",
              text.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D })
        else { return nil }
        rawValue = text
    }

    private init(unchecked text: String) { rawValue = text }

    /// What a person is told when a name is refused.
    public static let rule = "1 to 40 lower-case letters, digits and hyphens (not first or last), e.g. acme or martin-sarl"

    public var description: String { rawValue }

    public static func < (lhs: WorkspaceID, rhs: WorkspaceID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = WorkspaceID(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a workspace name: \(Self.rule)"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
