public import FacteurCore
import Foundation
public import Store

/// The gateway's one SMTP relay, shared by every workspace of the process: the invoices and the
/// owners' notices of every company go through it.
///
/// - Built from the GATEWAY configuration (`smtp_*`) and the GATEWAY secret store (`data_dir`'s
///   database, where `facteur secret set smtp_password` stores the password), never from a
///   workspace's: the transport is built once and built again only when those stored credentials
///   or settings change, so a password fixed while `facteur run` runs takes effect at once.
/// - `smtp_connections` is a gateway-wide limit: every session of every workspace counts against
///   one fair ``SessionLimit``, so one company's backlog cannot starve another's deliveries.
/// - An authentication or TLS refusal is the relay's, not a company's: once one workspace's pass
///   runs into it, the others record it without trying (``currentStop()``), until the gateway's
///   credentials change. No relay is hammered with one failing AUTH per company. Each workspace
///   records the stop in its own incident desk (its status page shows it, its messages' backoff
///   is credited for it); no owner is mailed, since the notice would go through the very relay
///   that refuses us (the incident says so, as it did before workspaces).
public final class GatewayRelay: MailTransport, @unchecked Sendable {
    // @unchecked: the mutable state is only touched while holding `lock`.
    /// The gateway configuration (`--config`), whose `smtp_*` keys describe the relay.
    public let configuration: FacteurConfiguration
    /// `data_dir`'s database: the gateway's settings and stored SMTP password.
    public let database: FacteurDatabase
    /// The shared limit on simultaneous sessions (`smtp_connections`).
    let limit: SessionLimit
    private let lock = NSLock()
    private var built: (fingerprint: String, transport: any MailTransport)?
    private var stop: (fingerprint: String, stop: Stop)?
    /// The fingerprint of the credentials a pass last delivered a message with.
    private var working: String?

    /// Why the relay refuses every message (an authentication or TLS failure).
    public struct Stop: Sendable, Hashable {
        /// `.authFailure` or `.securityFailure`.
        public var kind: DeliveryResult.Kind
        /// The reason, as the pass that ran into it recorded it.
        public var reason: String
    }

    /// The relay of a gateway.
    /// - Parameters:
    ///   - configuration: The gateway configuration.
    ///   - database: `data_dir`'s database (the workspace `default`'s, which doubles as the gateway's).
    public init(gateway configuration: FacteurConfiguration, database: FacteurDatabase) {
        self.configuration = configuration
        self.database = database
        limit = SessionLimit(permits: configuration.smtpConnections)
    }

    /// The fingerprint of what the relay is built from (the stored `smtp_password`, the settings
    /// page's `smtp_*`): a change means a person may have fixed the relay. Only those: a Qonto token
    /// refresh or another setting of the workspace `default` does not lift a stop.
    /// - Throws: ``StoreError``.
    public func credentialsFingerprint() throws(StoreError) -> String {
        try database.relayCredentialsFingerprint()
    }

    /// The transport for the credentials stored now (cached until they change).
    /// - Throws: ``ConfigurationError`` (no `smtp_url`, a stored password without `smtp_username`),
    ///   ``StoreError`` (the stored password cannot be opened). Neither names a secret's value.
    public func transport() throws -> any MailTransport {
        let fingerprint = try credentialsFingerprint()
        if let built = lock.withLock({ built }), built.fingerprint == fingerprint { return built.transport }
        let store = SecretStore(database: database, masterKeyFile: configuration.masterKeyFile)
        let transport = try configuration.resolvingSecrets(from: store).makeTransport()
        lock.withLock { built = (fingerprint, transport) }
        return transport
    }

    /// See ``MailTransport/displayName``.
    public var displayName: String { (try? transport().displayName) ?? "the gateway's relay (smtp_url)" }

    /// See ``MailTransport/openSession()``: a session counted against `smtp_connections`.
    public func openSession() -> any MailTransportSession { LimitedSession(relay: self, owner: "") }

    /// The relay as one workspace uses it: its sessions yield their permit only to another
    /// workspace's (a lane of the same company waiting gains nothing from a reconnection).
    /// - Parameter workspace: What tells the workspace apart (its data directory).
    public func transport(for workspace: String) -> any MailTransport { WorkspaceRelay(relay: self, workspace: workspace) }

    /// Whether a stop is recorded, whatever the credentials now: cheap (no database read), for a
    /// waiting lane to ask often; ``currentStop()`` tells whether it still holds.
    var mayBeStopped: Bool { lock.withLock { stop != nil } }

    /// The relay's stop, while the gateway's credentials are those it failed with.
    /// - Throws: ``StoreError``.
    public func currentStop() throws(StoreError) -> Stop? {
        let fingerprint = try credentialsFingerprint()
        return lock.withLock {
            guard let current = stop, current.fingerprint == fingerprint else {
                stop = nil
                return nil
            }
            return current.stop
        }
    }

    /// Records that the relay delivered a message with the credentials of `fingerprint`.
    func noteWorking(fingerprint: String) {
        lock.withLock { working = fingerprint }
    }

    /// Whether a message went out, in this process, with the credentials stored now.
    /// - Throws: ``StoreError``.
    func isKnownWorking() throws(StoreError) -> Bool {
        let fingerprint = try credentialsFingerprint()
        return lock.withLock { working == fingerprint }
    }

    /// Records that the relay refused us with the credentials of `fingerprint` (read before the
    /// pass began: a password fixed during that pass must not be taken for the failing one).
    func noteStop(_ stopped: Stop, fingerprint: String) {
        lock.withLock { stop = (fingerprint, stopped) }
    }
}

/// ``GatewayRelay`` as one workspace's deliveries use it.
struct WorkspaceRelay: MailTransport {
    let relay: GatewayRelay
    let workspace: String
    var displayName: String { relay.displayName }
    func openSession() -> any MailTransportSession { LimitedSession(relay: relay, owner: workspace) }
}
