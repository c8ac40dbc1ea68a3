public import FacteurCore
import Foundation
import MIME
import Store

/// One line of `facteur workspace list`: who a workspace is and what waits in it, read cheaply
/// (counts and the Qonto side's last success; no record is loaded).
public struct WorkspaceSummary: Sendable, Codable, Hashable {
    /// What waits in a workspace.
    public struct Waiting: Sendable, Codable, Hashable {
        /// Messages due or retrying (queued, sending, deferred, unknown).
        public var outgoing = 0
        /// Messages refused or given up: a person fixes the cause, then resends.
        public var failed = 0
        /// Messages held for review.
        public var heldMessages = 0
        /// Records held without a message (not an invoice, unreadable file…).
        public var heldRecords = 0
    }

    /// The workspace's name.
    public var id: WorkspaceID
    /// Its folder (database, spool, held files).
    public var folder: String
    /// `pennylane_supplier_inbox`, if set.
    public var supplierInbox: String?
    /// `pennylane_customer_inbox`, if set.
    public var customerInbox: String?
    /// `owner_email`, if set.
    public var owner: String?
    /// `api_key`, `oauth` or `none` (no Qonto credentials configured).
    public var qontoMode: String
    /// When a Qonto poll last succeeded (Timestamp format), nil if never.
    public var lastSync: String?
    /// Authentication incidents still open (a stopped side).
    public var openIncidents = 0
    /// What waits.
    public var waiting = Waiting()
    /// Why the workspace cannot be read (its file or database), if it cannot; the rest is then empty.
    public var problem: String?
}

extension WorkspaceCatalog {
    /// The summary of each workspace, in ``workspaces()`` order. A workspace whose file or
    /// database cannot be read is listed with its ``WorkspaceSummary/problem``, never skipped.
    /// - Throws: ``StoreError`` when `data_dir`'s database cannot be opened to list them.
    public func summaries() throws -> [WorkspaceSummary] {
        try workspaces().map(summary(of:))
    }

    /// The summary of one workspace (see ``summaries()``).
    public func summary(of id: WorkspaceID) -> WorkspaceSummary {
        var summary = WorkspaceSummary(id: id, folder: directory(of: id), qontoMode: "none")
        do {
            let opened = try OpenedWorkspace(id, in: self)
            try summary.fill(from: opened.effective(), store: opened.store)
        } catch {
            summary.problem = String(describing: error)
        }
        return summary
    }
}

extension WorkspaceSummary {
    mutating func fill(from configuration: FacteurConfiguration, store: any WorkspaceStore) throws {
        supplierInbox = configuration.supplierInbox?.description
        customerInbox = configuration.customerInbox?.description
        owner = configuration.ownerEmail?.description
        switch configuration.qonto.authentication {
        case .apiKey?: qontoMode = "api_key"
        case .oauth?: qontoMode = "oauth"
        case nil: qontoMode = "none"
        }
        let incidents = store.incidents
        lastSync = try incidents.health(.qonto).lastSuccessAt
        openIncidents = try incidents.allOpen().count
        let counts = try store.outbox.counts()
        waiting.outgoing = [OutboxState.queued, .sending, .deferred, .unknown].reduce(0) { $0 + (counts[$1] ?? 0) }
        waiting.failed = counts[.failed] ?? 0
        waiting.heldMessages = counts[.held] ?? 0
        waiting.heldRecords = try store.records.pending().count
    }
}
