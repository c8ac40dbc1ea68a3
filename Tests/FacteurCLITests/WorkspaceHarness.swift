import FacteurTesting
import Foundation
import Glibc

/// Workspaces written straight into a gateway's data directory (`data_dir/workspaces/<id>/`), as
/// `facteur workspace add` leaves them, and the per-workspace views the tests read.
extension CLIHarness {
    /// Turns the harness's configuration into a gateway-only one: the company keys move to workspaces.
    func keepGatewayKeysOnly() {
        for key in ["smtp_from", "pennylane_supplier_inbox", "pennylane_customer_inbox"] { settings[key] = nil }
    }

    /// The keys of a company polling `sandbox` with its public API key, with its own inboxes and owner.
    static func workspaceKeys(_ id: String, sandbox: SandboxProcess) -> [String: String] {
        [
            "smtp_from": "Facteur \(id) <factures@\(id).test>",
            "pennylane_supplier_inbox": "\(id)-supplier@pennylane.test",
            "pennylane_customer_inbox": "\(id)-customer@pennylane.test",
            "owner_email": "owner@\(id).test",
            "qonto_api_url": sandbox.baseURL,
            "qonto_oauth_url": sandbox.baseURL,
            "qonto_login": "facteur-demo",
            "qonto_secret_key": "sandbox-secret-key",
        ]
    }

    /// Writes `data_dir/workspaces/<id>/workspace.json` (0600, in a 0700 folder).
    func addWorkspace(_ id: String, keys: [String: String]) throws {
        let folder = "\(dataDirectory)/workspaces/\(id)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let path = "\(folder)/workspace.json"
        try JSONSerialization.data(withJSONObject: keys, options: [.sortedKeys]).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o600)
    }

    /// Creates a workspace's database before the daemon starts. Two processes creating one
    /// database at once can both run its migrations, and one then fails ("table … already exists");
    /// the tests poll `facteur outbox` while the daemon starts, so they must not race it.
    func createDatabase(workspace: String) async throws {
        let result = try await run(["outbox", "--workspace", workspace])
        guard result.status == 0 else { throw TestSupportError("cannot open workspace \(workspace): \(result.stderr)") }
    }

    /// A workspace's outbox rows (`facteur outbox --json --workspace ID`).
    func outboxRows(workspace: String) async throws -> [[String: Any]] {
        let result = try await run(["outbox", "--json", "--workspace", workspace])
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
    }

    /// A workspace's open incidents (`facteur status --json --workspace ID`).
    func openIncidents(workspace: String) async throws -> [[String: Any]] {
        let result = try await run(["status", "--json", "--workspace", workspace])
        let status = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
        return status["openIncidents"] as? [[String: Any]] ?? []
    }

    /// Whether every row of a workspace's outbox is settled (sent, or held for a person), and there is one.
    func outboxSettled(workspace: String) async -> Bool {
        let rows = (try? await outboxRows(workspace: workspace)) ?? []
        return !rows.isEmpty && rows.allSatisfy { ["sent", "held"].contains($0["state"] as? String) }
    }
}

extension SandboxProcess {
    /// `POST /_sandbox/<path>` with a JSON body, through the curl CLI.
    func post(_ path: String, _ body: String) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-sS", "--fail", "--max-time", "10", "-X", "POST", "-H", "Content-Type: application/json",
                             "--data", body, "\(baseURL)/_sandbox/\(path)"]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        guard await process.waitForExit() == 0 else { throw TestSupportError("POST /_sandbox/\(path) failed") }
    }

    /// Every API call answers 401 from now on, as revoked credentials do.
    func revokeCredentials() async throws {
        try await post("faults", #"{"fault": "unauthorized", "count": 1000000}"#)
    }
}

extension RunningDaemon {
    /// Whether a workspace's poller has finished a whole poll run (every window up to now), from
    /// its log line (`workspace=<id>` metadata).
    func finishedAPoll(workspace: String) -> Bool {
        stderr.split(separator: "\n").contains { $0.contains("window committed") && $0.contains("workspace=\(workspace) ") }
    }
}
