import Curl
import Foundation
import Store

extension OpenedWorkspace {
    /// Authorises Facteur at Qonto with OAuth (`facteur connect`), storing the tokens in this
    /// workspace's secret store; the blocking exchange runs on its own thread, off the pool.
    /// - Parameters:
    ///   - show: Receives each line to show the user (the address to open first).
    ///   - pasted: Reads the redirected address the user pastes, when not listening.
    ///   - listen: Whether to receive the redirect on the loopback redirect URI.
    ///   - timeout: Seconds to wait for the redirect.
    /// - Returns: The scopes granted, when Qonto says.
    /// - Throws: ``ConfigurationError``, ``QontoError``, store errors.
    public func connectQonto(show: @escaping @Sendable (String) -> Void, pasted: @escaping @Sendable () -> String?,
                             listen: Bool, timeout: Int) async throws -> String? {
        let connect = ConnectQonto(configuration: try effective(), secret: secretAccess.read, saveSecret: secretAccess.write)
        return try await CurlWorker.run(name: "facteur-connect") {
            try connect.run(show: show, pasted: pasted, listen: listen, timeout: timeout)
        }
    }

    /// Revokes Facteur's Qonto OAuth tokens and deletes them (`facteur disconnect`). Blocking.
    /// - Returns: Whether Qonto confirmed the revocation (the tokens are deleted either way).
    /// - Throws: ``ConfigurationError`` outside OAuth mode; store errors.
    public func disconnectQonto() throws -> Bool {
        let store = secrets
        return try DisconnectQonto.run(configuration: try effective(), secret: { try store.value(name: $0) },
                                       delete: { try store.delete(name: $0) })
    }
}
