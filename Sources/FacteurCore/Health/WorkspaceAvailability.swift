/// Whether the gateway can tell how a workspace is doing: a workspace `facteur run` skipped at start
/// (its file or settings are wrong) or whose store cannot be read still has its row on the overview
/// and in `/metrics`, first of all, instead of vanishing or taking every other row down with it.
public enum WorkspaceAvailability: Sendable, Hashable {
    /// Served, and its store read: the row's figures are its own.
    case served
    /// Not served by this process until it is fixed and `facteur run` restarted; the problems
    /// found at start, one line each (a key and what is wrong with it; never a secret).
    case notServed(problems: [String])
    /// Served, but its store could not be read for this row; what the store said.
    case unreadable(String)

    /// Whether the row's figures are known.
    public var isServed: Bool { self == .served }
}
