import FacteurCore
import Foundation
import Glibc
import Store

extension WorkspaceCatalog {
    /// Adds a workspace (`facteur workspace add ID --from FILE`): checks the name and the file's
    /// keys, copies the keys to `data_dir/workspaces/<id>/workspace.json` (0600: it may hold
    /// secrets) and creates the workspace's database.
    ///
    /// Nothing is written until the name and every key are valid; an existing workspace or folder
    /// is never overwritten.
    /// - Parameters:
    ///   - name: The workspace's name (``WorkspaceID/rule``).
    ///   - file: A JSON file in the configuration format holding workspace keys only.
    /// - Returns: The workspace, opened.
    /// - Throws: ``ConfigurationError`` for the name or a key (a gateway key names itself);
    ///   ``AppError`` `.refused` for `default` or an existing workspace, `.io` when the folder
    ///   cannot be written; ``StoreError`` for the database.
    public func add(_ name: String, from file: String) throws -> OpenedWorkspace {
        guard let id = WorkspaceID(name) else {
            throw ConfigurationError(key: "workspace", "\"\(name)\" is not a workspace name (\(WorkspaceID.rule))")
        }
        guard id != .default else {
            throw AppError(.refused, "the workspace default is data_dir itself (the single-company workspace, configured by the gateway file); choose another name")
        }
        let keys = try Self.workspaceValues(file: file)
        _ = try configuration(of: id, keys: keys, file: file)  // every key valid before anything is written
        try refuseSecondCopy(of: id, keys: keys)
        let folder = directory(of: id)
        if FileManager.default.fileExists(atPath: folder) {
            throw AppError(.refused, added().contains(id)
                ? "workspace \(id) already exists (\(folder)); see `facteur workspace show \(id)`; nothing changed"
                : "\(folder) exists but is not a workspace (no \(Self.keysFileName)); move it away first; nothing changed")
        }
        try DataDirectory.prepare(gateway.dataDirectory)
        _ = try DataDirectory.folder(gateway.dataDirectory, "workspaces")
        guard mkdir(folder, 0o700) == 0 else {
            throw AppError(errno == EEXIST ? .refused : .io, "cannot create \(folder): \(String(cString: strerror(errno))); nothing changed")
        }
        try Self.writePrivately(try Self.keysJSON(keys), to: "\(folder)/\(Self.keysFileName)")
        return try OpenedWorkspace(id, in: self)
    }

    /// Refuses a workspace that would forward a company's invoices a second time: a name whose
    /// folder was removed (a fresh database has no sync marker, so its whole history from
    /// `backfill_since` would go to Pennylane again), or keys naming the same Qonto organisation
    /// (API-key login) or the same Pennylane inbox as a workspace already served.
    /// - Throws: ``AppError`` `.refused` naming the other workspace or the removed folder.
    func refuseSecondCopy(of id: WorkspaceID, keys: [String: String]) throws {
        let removed = ((try? FileManager.default.contentsOfDirectory(atPath: removedRoot)) ?? [])
            .filter { $0.hasPrefix("\(id.rawValue)-") && $0.dropFirst(id.rawValue.count + 1).first?.isNumber == true }.sorted()
        if let last = removed.last {
            throw AppError(.refused, "workspace \(id) was removed before (\(removedRoot)/\(last)): a new one would forward its whole history "
                + "again; to bring it back, move that folder back to \(directory(of: id)); to start anew on purpose, choose another name; nothing changed")
        }
        let identity = ["qonto_login", "pennylane_supplier_inbox", "pennylane_customer_inbox"]
        for other in try workspaces() where other != id {
            guard let values = try? configuration(of: other).rawValues else { continue }
            for key in identity {
                guard let mine = keys[key]?.lowercased(), !mine.isEmpty, values[key]?.lowercased() == mine else { continue }
                if key == "qonto_login", (keys["qonto_api_url"] ?? "") != (values["qonto_api_url"] ?? "") { continue }
                throw AppError(.refused, "workspace \(other) already has \(key) \(mine): two workspaces for one company would forward "
                    + "its invoices twice; nothing changed")
            }
        }
    }

    /// The keys as `workspace.json` holds them: a JSON object of strings, sorted, pretty-printed.
    static func keysJSON(_ keys: [String: String]) throws -> Data {
        var data = try JSONSerialization.data(withJSONObject: keys, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Writes a file readable by its owner only (0600 from creation, never wider), through a
    /// temporary name and a rename, so a crash leaves no half-written file.
    /// - Throws: ``AppError`` `.io` naming the path.
    static func writePrivately(_ data: Data, to path: String) throws(AppError) {
        let temporary = "\(path).tmp-\(getpid())"
        let descriptor = Glibc.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw AppError(.io, "cannot create \(temporary): \(String(cString: strerror(errno)))")
        }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == data.count, synced, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw AppError(.io, "cannot write \(path): \(reason)")
        }
    }
}
