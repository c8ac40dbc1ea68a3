import FacteurCore
import Foundation
public import Logging
public import ServiceLifecycle
import Store

/// The daemon's delivery worker for one workspace: sends due messages with backoff (the shared
/// ``DeliverDue`` pipeline, through the gateway's ``GatewayRelay``), then sleeps until the next one
/// is due, a window ends, or a person presses Retry. An SMTP authentication or TLS failure stops it
/// and opens an incident; it tries again when the gateway's stored credentials or settings change.
/// A shutdown lets the message being sent finish (bounded by smtp_timeout) and leaves the rest queued.
public struct OutboxWorker: Service, CustomStringConvertible {
    let settings: EditableSettings
    let relay: GatewayRelay
    let desk: IncidentDesk
    let wake: Wakeup
    let logger: Logger

    /// Creates the worker.
    /// - Parameters:
    ///   - settings: The configuration and its settings-page overrides.
    ///   - relay: The gateway's relay, shared by every workspace.
    ///   - desk: Where failures go.
    ///   - wake: Signalled when there may be new work (window end, Retry, shutdown).
    ///   - logger: The logger.
    public init(settings: EditableSettings, relay: GatewayRelay, desk: IncidentDesk, wake: Wakeup, logger: Logger) {
        self.settings = settings
        self.relay = relay
        self.desk = desk
        self.wake = wake
        self.logger = logger
    }

    /// `OutboxWorker`: how the service group names it in its logs, never the settings it holds.
    public var description: String { "OutboxWorker" }

    /// Runs until a graceful shutdown.
    public func run() async throws {
        let stop = StopFlag()
        await withGracefulShutdownHandler {
            var stoppedAt: String?
            while !stop.isSet {
                var pause = 60.0
                do {
                    // The relay's credentials are the gateway's (a stored smtp_password lives there).
                    let fingerprint = try relay.credentialsFingerprint()
                    if let stoppedAt, stoppedAt == fingerprint {
                        logger.debug("delivery stays stopped until the SMTP credentials or settings change")
                    } else {
                        if stoppedAt != nil {
                            // Someone changed the credentials: what the stop paused is due now (it has no
                            // due time; see OutboxTransition), the rest keeps its backoff.
                            let count = try settings.store.outbox.pausedByStop()
                            logger.notice("credentials changed; delivery resumes (\(count) paused messages due now)")
                        }
                        stoppedAt = try await pass(stop: stop)
                    }
                    pause = stoppedAt == nil ? try nextDue() : 5
                } catch {
                    logger.error("delivery pass failed: \(error)")
                }
                if stop.isSet { break }
                await wake.wait(seconds: pause)
            }
        } onGracefulShutdown: {
            stop.set()
            wake.signal()
        }
    }

    /// One delivery pass. - Returns: The fingerprint to wait on when an incident stopped delivery.
    private func pass(stop: StopFlag) async throws -> String? {
        var delivery = DeliverDue(configuration: try settings.effective(), store: settings.store, relay: relay, desk: desk)
        delivery.shouldStop = { stop.isSet }
        delivery.logger = logger
        let outcome = try await delivery.run()
        let summary = outcome.summary
        if summary.attempted > 0 || summary.recovered > 0 {
            logger.info("delivery pass", metadata: [
                "sent": "\(summary.sent)", "deferred": "\(summary.deferred)", "failed": "\(summary.failed)",
                "unknown": "\(summary.unknown)", "recovered": "\(summary.recovered)",
            ])
        }
        return outcome.stopped ? outcome.fingerprint : nil
    }

    /// Seconds until the next message is due (at most a minute, at least a second).
    private func nextDue() throws -> Double {
        guard let next = try settings.store.outbox.nextAttemptAt() else { return 60 }
        guard let date = Timestamp.parse(next) else { return 1 }
        return min(max(date.timeIntervalSinceNow, 1), 60)
    }
}
