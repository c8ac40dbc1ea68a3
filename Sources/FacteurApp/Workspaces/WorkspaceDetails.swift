public import FacteurCore
import Foundation
import Store

/// `facteur workspace show ID`: a workspace's effective keys (secrets redacted), its stored
/// secrets' names, what would stop `facteur run` from serving it, and its health.
public struct WorkspaceDetails: Sendable, Codable {
    /// The list line (inboxes, owner, Qonto mode, last sync, what waits).
    public var summary: WorkspaceSummary
    /// The keys in effect (gateway keys, its own file's, the settings page's), secret values
    /// shown as `<redacted>`.
    public var keys: [String: String]
    /// The names of the secrets stored in its database (never their values).
    public var secrets: [String]
    /// Problems that would keep `facteur run` from serving it, each naming its key.
    public var problems: [String]
    /// The health the status page shows.
    public var health: HealthReport
}

extension WorkspaceCatalog {
    /// The details of the workspace named (or the only one).
    /// - Throws: ``ConfigurationError`` for an unknown name or an invalid key; ``StoreError``.
    public func details(of requested: String?) throws -> WorkspaceDetails {
        let opened = try open(requested)
        let effective = try opened.effective()
        let store = opened.secrets
        let readiness = try self.readiness(of: effective, secret: { try store.value(name: $0) })
        var summary = WorkspaceSummary(id: opened.id, folder: directory(of: opened.id), qontoMode: "none")
        try summary.fill(from: effective, store: opened.store)
        return WorkspaceDetails(
            summary: summary, keys: effective.rawValues.redacted, secrets: try store.entries().map(\.name),
            problems: readiness.problems.map(\.description),
            health: try StatusReport(configuration: effective, store: opened.store).build())
    }
}
