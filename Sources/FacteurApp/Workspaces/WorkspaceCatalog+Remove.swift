import FacteurCore
public import Foundation
import Store

extension WorkspaceCatalog {
    /// Where removed workspaces go: `data_dir/removed`. Nothing is ever deleted — French books and
    /// their evidence (the mail log) are kept ten years (Code de commerce L123-22).
    public var removedRoot: String { "\(gateway.dataDirectory)/removed" }

    /// Stops serving a workspace (`facteur workspace remove ID`) by moving its folder, whole, to
    /// `data_dir/removed/<id>-<UTC timestamp>/`.
    /// - Parameters:
    ///   - name: The workspace's name.
    ///   - now: The time in the folder's name.
    /// - Returns: The folder it now lives in.
    /// - Throws: ``ConfigurationError`` for an invalid name; ``AppError`` `.refused` for
    ///   `default`, `.notFound` for an unknown workspace, `.busy` while a facteur process holds its
    ///   lock or the gateway's, `.io` when the move fails (then nothing moved).
    public func remove(_ name: String, now: Date) throws -> String {
        guard let id = WorkspaceID(name) else {
            throw ConfigurationError(key: "workspace", "\"\(name)\" is not a workspace name (\(WorkspaceID.rule))")
        }
        guard id != .default else {
            throw AppError(.refused, "the workspace default cannot be removed: it is data_dir itself, which also holds the gateway's own settings "
                + "(web password, stored SMTP password) and every other workspace's folder; its books stay where they are")
        }
        guard added().contains(id) else {
            let known = added().map(\.rawValue).joined(separator: ", ")
            throw AppError(.notFound, "no workspace \(id) to remove (added workspaces: \(known.isEmpty ? "none" : known))")
        }
        let folder = directory(of: id)
        // Held for the move: no `facteur run`, `sync` or `deliver` can start on it meanwhile.
        let lock = try Self.lock(folder, of: id)
        if ServiceLock.isHeldByService(dataDirectory: gateway.dataDirectory) {
            throw AppError(.busy, "a facteur process (`facteur run`, or a `sync` or `deliver` of the workspace default) holds \(gateway.dataDirectory)/facteur.lock; stop `facteur run` first (or retry once the command ends); nothing moved")
        }
        let target = try destination(for: id, now: now)
        let moved = withExtendedLifetime(lock) { rename(folder, target) == 0 }
        guard moved else {
            throw AppError(.io, "cannot move \(folder) to \(target): \(String(cString: strerror(errno))); nothing moved")
        }
        return target
    }

    /// Takes a workspace's lock, or says who holds it.
    private static func lock(_ folder: String, of id: WorkspaceID) throws -> DataDirectoryLock {
        switch Result(catching: { () throws(StoreError) in try DataDirectoryLock(dataDirectory: folder) }) {
        case .success(let lock): return lock
        case .failure(let error) where error.code == .locked:
            throw AppError(.busy, "workspace \(id) is in use: a facteur process (`facteur run`, `sync` or `deliver`) holds \(folder)/facteur.lock; stop it, then remove the workspace; nothing moved")
        case .failure(let error): throw error
        }
    }

    /// `data_dir/removed/<id>-<yyyyMMdd'T'HHmmss'Z'>`, with `-2`, `-3`… when removed twice in a second.
    private func destination(for id: WorkspaceID, now: Date) throws -> String {
        _ = try DataDirectory.folder(gateway.dataDirectory, "removed")
        let stamp = Timestamp.format(now).prefix(19).filter { $0 != "-" && $0 != ":" }
        let base = "\(removedRoot)/\(id.rawValue)-\(stamp)Z"
        var candidate = base
        var counter = 2
        while FileManager.default.fileExists(atPath: candidate) {
            candidate = "\(base)-\(counter)"
            counter += 1
        }
        return candidate
    }
}
