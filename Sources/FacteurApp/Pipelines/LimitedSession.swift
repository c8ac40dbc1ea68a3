import FacteurCore

/// A session of the gateway's relay that counts against the shared ``SessionLimit``.
///
/// It takes its permit at its first message (a delivery lane that finds nothing to send costs
/// none), gives it back between messages whenever another workspace waits (closing its
/// connection, so the limit counts real SMTP sessions), and at ``close()``.
final class LimitedSession: MailTransportSession {
    private let relay: GatewayRelay
    private var inner: (any MailTransportSession)?
    private var holdsPermit = false

    init(relay: GatewayRelay) {
        self.relay = relay
    }

    func send(_ envelope: OutgoingEnvelope, onDataStart: () -> Bool) -> DeliveryResult {
        if holdsPermit {
            relay.limit.yieldIfContended {
                inner?.close()
                inner = nil
            }
        } else {
            relay.limit.acquire()
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
