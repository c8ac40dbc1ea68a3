public import Foundation
import Store

/// The status pages' password (`facteur web-password`): the gateway's, one for every workspace's
/// pages, kept as a PBKDF2-SHA256 hash in `data_dir`'s database whatever `--workspace` says.
public struct WebPassword: Sendable {
    private let settings: Settings

    /// The gateway's web password.
    /// - Throws: ``StoreError`` for `data_dir`'s database.
    public init(catalog: WorkspaceCatalog) throws {
        settings = Settings(database: try catalog.gatewayDatabase())
    }

    /// The hash to store for `password`.
    /// - Throws: when the password is too short (at least 12 characters).
    public static func hash(_ password: String) throws -> String {
        try PasswordHash.make(password: password)
    }

    /// Stores a hash made by ``hash(_:)``: a running `facteur run` asks for it at the next login.
    /// - Throws: ``StoreError``.
    public func store(hash: String, now: Date) throws {
        try settings.set(Daemon.webPasswordKey, hash, now: now)
    }

    /// Removes the password: the pages then only start on a loopback address.
    /// - Throws: ``StoreError``.
    public func clear(now: Date) throws {
        try settings.set(Daemon.webPasswordKey, "", now: now)
    }
}
