import FacteurCore

/// Whether a session can send the next message now (see ``PermitGatedSession``).
enum SessionReadiness {
    /// It holds what it needs: begin the attempt.
    case ready
    /// It stopped waiting because its `giveUp` said so (a shutdown, the pass stopping).
    case gaveUp
    /// The relay refuses every message (recorded by another pass meanwhile): attempt nothing.
    case refused(GatewayRelay.Stop)
}

/// A session that must be made ready before each message, possibly waiting: a delivery lane asks
/// BEFORE it marks the message `sending`, so a lane that gives up leaves the message as it was.
protocol PermitGatedSession: AnyObject {
    /// Gets ready for the next message. Blocking.
    /// - Parameters:
    ///   - giveUp: Asked while waiting; true ends the wait.
    ///   - beforeWaiting: Called before any wait (the lane puts back a message it already began).
    func prepare(giveUp: () -> Bool, beforeWaiting: () -> Void) -> SessionReadiness
}

/// A session of the gateway's relay that counts against the shared ``SessionLimit``.
///
/// It takes its permit before its first message (a delivery lane that finds nothing to send costs
/// none), gives it back between messages whenever another workspace waits (closing its
/// connection, so the limit counts real SMTP sessions), and at ``close()``. After each wait it
/// asks the relay whether it was stopped meanwhile: a lane that waited while another workspace ran
/// into an authentication refusal does not try the refused credentials once more.
final class LimitedSession: MailTransportSession, PermitGatedSession {
    private let relay: GatewayRelay
    private let owner: String
    private var inner: (any MailTransportSession)?
    private var holdsPermit = false

    init(relay: GatewayRelay, owner: String) {
        self.relay = relay
        self.owner = owner
    }

    func prepare(giveUp: () -> Bool, beforeWaiting: () -> Void) -> SessionReadiness {
        if holdsPermit {
            let yielded = relay.limit.yield(ifContendedAgainst: owner) {
                inner?.close()
                inner = nil
            }
            guard yielded else { return .ready }
            holdsPermit = false
        }
        beforeWaiting()
        let relay = self.relay
        var acquired = relay.limit.acquire(owner: owner, giveUp: { giveUp() || relay.mayBeStopped })
        if !acquired {
            if let stop = try? relay.currentStop() { return .refused(stop) }
            // The stop recorded was lifted (the credentials changed): wait on, for `giveUp` alone.
            acquired = !giveUp() && relay.limit.acquire(owner: owner, giveUp: giveUp)
            guard acquired else { return .gaveUp }
        }
        holdsPermit = true
        if let stop = try? relay.currentStop() {
            close()
            return .refused(stop)
        }
        return .ready
    }

    func send(_ envelope: OutgoingEnvelope, onDataStart: () -> Bool) -> DeliveryResult {
        if !holdsPermit {
            // A caller that did not prepare (an owner's notice): wait for a permit as it is.
            relay.limit.acquire(owner: owner)
            holdsPermit = true
        }
        if inner == nil {
            do {
                inner = try relay.transport().openSession()
            } catch {
                // The stored password cannot be opened, or the settings no longer validate: the
                // message waits (its backoff applies) until a person fixes the gateway's settings.
                return DeliveryResult(kind: .transient, detail: "the relay cannot be set up: \(error)")
            }
        }
        return inner?.send(envelope, onDataStart: onDataStart) ?? DeliveryResult(kind: .transient, detail: "no relay session")
    }

    func close() {
        inner?.close()
        inner = nil
        if holdsPermit {
            relay.limit.release()
            holdsPermit = false
        }
    }

    deinit { close() }
}
