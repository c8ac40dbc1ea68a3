public import FacteurCore
import Foundation
public import Store

extension AuditReport {
    /// One mail-log row as a workspace's auditor receives it: the row's own fields plus
    /// `workspace`, so an exported file always says which company it is the evidence of.
    public struct WorkspaceEntry: Encodable, Sendable {
        /// The workspace the row belongs to.
        public var workspace: WorkspaceID
        /// The row, as stored.
        public var entry: MailLogEntry

        /// Creates the pair.
        public init(workspace: WorkspaceID, entry: MailLogEntry) {
            self.workspace = workspace
            self.entry = entry
        }

        private enum Key: String, CodingKey { case workspace }

        /// The row's JSON object with a `workspace` member added.
        public func encode(to encoder: any Encoder) throws {
            try entry.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(workspace, forKey: .workspace)
        }
    }

    /// The CSV of ``csv(_:)`` with a first column `workspace` on every row (a workspace name needs
    /// no quoting), so a file handed to one company's auditor names that company on each line.
    public static func csv(_ entries: [MailLogEntry], workspace: WorkspaceID) -> String {
        var out = "workspace," + MailLogEntry.csv([])
        for entry in entries {
            let single = MailLogEntry.csv([entry])
            // The header row holds no quote, so it ends at the first CRLF.
            guard let headerEnd = single.range(of: "\r\n") else { continue }
            out += "\(workspace.rawValue)," + single[headerEnd.upperBound...]
        }
        return out
    }
}
