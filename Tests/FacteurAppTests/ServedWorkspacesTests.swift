import Curl
@testable import FacteurApp
import FacteurCore
import FacteurTesting
import Foundation
import Store
import Testing

/// `facteur run` serves every workspace it can: one held by another process (a long
/// `facteur sync --workspace acme --since …`) is skipped with a problem line, not a refusal to start.
@Suite struct ServedWorkspacesTests {
    @Test func aWorkspaceLockedByAnotherProcessIsSkippedAndTheOthersAreStillServed() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let values = try FacteurConfiguration.load(path: nil, environment: [
            "FACTEUR_DATA_DIR": "\(folder.path)/data",
            "FACTEUR_SMTP_URL": "file://\(folder.path)/mail",
            "FACTEUR_SMTP_FROM": "Facteur <factures@cabinet.example>",
        ])
        let catalog = WorkspaceCatalog(gateway: values)
        for name in ["acme", "beta"] {
            let file = try folder.write("\(name).json", Array("""
                {"smtp_from": "Facteur <factures@\(name).example>", "qonto_login": "\(name)-org", "qonto_secret_key": "\(name)-secret-key",
                 "pennylane_supplier_inbox": "achats-\(name)@pennylane.example",
                 "pennylane_customer_inbox": "ventes-\(name)@pennylane.example"}
                """.utf8))
            chmod(file, 0o600)
            _ = try catalog.add(name, from: file)
        }
        let acme = try catalog.configuration(of: WorkspaceID("acme")!)
        let dataDirectory = "\(folder.path)/data"
        // (a process spawned and read, a lock taken: off the Swift pool, on a thread of its own)
        let served = try await CurlWorker.run { () throws -> (ready: [WorkspaceID], problems: [ConfigurationError]) in
            // Given another process (as `facteur sync --workspace acme` would) holds acme's data directory
            let holder = Process()
            // (one process holds it: the shell takes the lock on fd 9, then becomes `sleep`)
            holder.executableURL = URL(fileURLWithPath: "/bin/sh")
            holder.arguments = ["-c", "exec 9>\"$0\"; flock 9; echo held; exec sleep 600", "\(acme.dataDirectory)/facteur.lock"]
            let output = Pipe()
            holder.standardOutput = output
            try holder.run()
            defer { holder.terminate(); holder.waitUntilExit() }
            _ = output.fileHandleForReading.availableData  // "held": the lock is taken

            // When `facteur run` opens its workspaces
            let gatewayDatabase = try FacteurDatabase.open(dataDirectory: dataDirectory)
            let served = try ServedWorkspaces(catalog: catalog, gatewayDatabase: gatewayDatabase)
            return (served.ready.map(\.workspace.id), served.problems)
        }

        // Then acme is reported and skipped, and beta is served
        #expect(!served.ready.contains(WorkspaceID("acme")!))
        #expect(served.ready.contains(WorkspaceID("beta")!), "\(served.problems)")
        #expect(served.problems.contains { $0.key.hasPrefix("workspace acme") && $0.problem.contains("another facteur process") },
                "\(served.problems)")
    }
}
