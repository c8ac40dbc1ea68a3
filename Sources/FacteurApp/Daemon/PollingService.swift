import FacteurCore
import Foundation
public import Logging
import QontoAPI
public import ServiceLifecycle
import Store

/// One workspace's poller in the daemon: one poll (the shared ``PollOnce`` pipeline, on a thread of
/// its own) every `poll_interval` (read again before each poll, so the settings page takes effect at
/// the next one). A Qonto authentication failure stops it and
/// opens an incident; it tries again when the stored credentials or settings change, or when a
/// person presses Retry. A shutdown abandons the window in progress (nothing of it is committed).
public struct PollingService: Service, CustomStringConvertible {
    let settings: EditableSettings
    let secrets: SecretAccess
    let desk: IncidentDesk
    let wake: Wakeup
    let windowEnded: Wakeup
    let logger: Logger
    /// The name of the poll's thread (the workspace's, in a many-workspace daemon).
    var threadName = "facteur-poll"

    /// Creates the poller.
    /// - Parameters:
    ///   - settings: The configuration and its settings-page overrides.
    ///   - secrets: The workspace's secrets.
    ///   - desk: Where failures go.
    ///   - wake: Signalled to run a window now (Retry, shutdown).
    ///   - windowEnded: Signalled after each committed window (wakes the outbox worker).
    ///   - logger: The logger.
    public init(settings: EditableSettings, secrets: SecretAccess, desk: IncidentDesk, wake: Wakeup, windowEnded: Wakeup,
                logger: Logger) {
        self.settings = settings
        self.secrets = secrets
        self.desk = desk
        self.wake = wake
        self.windowEnded = windowEnded
        self.logger = logger
    }

    /// `PollingService`: how the service group names it in its logs, never the settings it holds.
    public var description: String { "PollingService" }

    /// Runs until a graceful shutdown.
    public func run() async throws {
        let stop = StopFlag()
        await withGracefulShutdownHandler {
            var stoppedAt: String?  // the credentials fingerprint when an incident stopped polling
            var retriesAtStop: [RecordKey] = []  // the Retry requests pending when it stopped
            while !stop.isSet {
                var interval = 900
                do {
                    let configuration = try settings.effective()
                    interval = configuration.qonto.pollInterval
                    let fingerprint = try settings.store.credentialsFingerprint()
                    let retries = try settings.store.records.retryRequests()
                    if !Self.polls(stoppedAt: stoppedAt, fingerprint: fingerprint, retries: retries, retriesAtStop: retriesAtStop) {
                        logger.debug("polling stays stopped until the Qonto credentials change")
                    } else {
                        stoppedAt = try await window(configuration, stop: stop, fingerprint: fingerprint)
                        retriesAtStop = retries
                    }
                } catch {
                    logger.error("polling window not run: \(error)")
                }
                if stop.isSet { break }
                // Stopped by an incident: look for fixed credentials every few seconds (a database
                // read, no request to Qonto) rather than waiting a whole interval.
                await wake.wait(seconds: stoppedAt == nil ? Double(interval) : min(Double(interval), 5))
            }
        } onGracefulShutdown: {
            stop.set()
            wake.signal()
        }
    }

    /// Whether the loop polls now. Not while an incident stopped it on the credentials it still has
    /// (`stoppedAt` == `fingerprint`), unless a person pressed Retry since the stop: a request still
    /// pending from before would force a 401 every few seconds and feed the process's 401 breaker.
    static func polls(stoppedAt: String?, fingerprint: String, retries: [RecordKey], retriesAtStop: [RecordKey]) -> Bool {
        guard let stoppedAt, stoppedAt == fingerprint else { return true }
        return !retries.isEmpty && retries != retriesAtStop
    }

    /// Runs one poll (the shared ``PollOnce`` pipeline; internal for its tests).
    /// - Returns: The fingerprint to wait on when an incident stopped polling.
    func window(_ configuration: FacteurConfiguration, stop: StopFlag, fingerprint: String) async throws -> String? {
        let logger = self.logger, windowEnded = self.windowEnded
        var poll = PollOnce(configuration: configuration, store: settings.store, secrets: secrets, desk: desk)
        poll.shouldStop = { stop.isSet }
        poll.logger = logger
        poll.refreshFailed = { line in logger.warning("\(line)") }
        // What a committed window queued can go out now, while a long catch-up goes on.
        poll.windowCommitted = { _ in windowEnded.signal() }
        poll.threadName = threadName
        do {
            let summary = try await poll.run()
            logger.info("window committed", metadata: [
                "queued": "\(summary.forwarded)", "updated": "\(summary.updated)", "unchanged": "\(summary.unchanged)",
                "held": "\(summary.held.values.reduce(0, +))", "retried": "\(summary.retried)", "requests": "\(summary.requests)",
            ])
            windowEnded.signal()
            return nil
        } catch is SyncStopped {
            logger.notice("window abandoned for shutdown; it is redone at the next start")
            return nil
        } catch let error as QontoError {
            // PollOnce recorded it (incident, owner's notice); a stop waits for new credentials.
            return PollOnce.stopsPolling(error) ? fingerprint : nil
        } catch let error as ConfigurationError {
            // A missing setting is an incident a person must fix, like refused credentials, but its
            // remedy names the setting: a missing inbox is not a credentials problem.
            // Blocking (the owner's notice goes out through the relay: libcurl, a session permit).
            let desk = self.desk
            _ = try await BlockingThread.run { try desk.failed(.qonto, .misconfigured(key: error.key), message: error.description, now: Date()) }
            return fingerprint
        }
    }
}
