import Foundation
public import FacteurCore
import Logging
import PostgresNIO
public import ServiceLifecycle
import Store

/// Wakes delivery as soon as a message is queued, by any process: it `LISTEN`s on
/// ``PostgresOutboxQueue/notificationChannel`` (which every enqueue notifies with its workspace's
/// name when it commits) and calls `onNotification` with that workspace.
///
/// A ServiceLifecycle service. It listens on a connection of its own, outside the pool (a pooled
/// connection could be recycled, and a listener holds its connection for ever), on the store
/// connection's bridge threads. When that connection drops (a PostgreSQL restart, a network
/// failure) it logs once, then connects and listens again after 0.5 s, doubling to 10 s between
/// tries, and logs again when it listens. Notifications sent while it reconnects are lost:
/// delivery still looks for due messages on its own timer. It ends on graceful shutdown or
/// cancellation.
public struct PostgresOutboxListener: Service {
    /// The store whose enqueues it listens for (its server, credentials, logger and bridge).
    public let connection: PostgresStoreConnection
    private let onNotification: @Sendable (WorkspaceID) -> Void
    private let firstDelay: Duration
    private let maximumDelay: Duration

    /// A listener, started by ``run()``.
    /// - Parameters:
    ///   - connection: The store (the listener opens one more connection to its server).
    ///   - firstDelay: The wait before the first reconnection (0.5 s); it doubles at each failure.
    ///   - maximumDelay: The longest wait between reconnections (10 s).
    ///   - onNotification: Called with the workspace of each queued message. It runs on the
    ///     bridge's threads, which the store's own work needs: it must return at once (signal a
    ///     condition, yield to a stream), never call the store or block.
    public init(connection: PostgresStoreConnection, firstDelay: Duration = .milliseconds(500),
                maximumDelay: Duration = .seconds(10), onNotification: @escaping @Sendable (WorkspaceID) -> Void) {
        self.connection = connection
        self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay
        self.onNotification = onNotification
    }

    /// Listens until graceful shutdown or cancellation, reconnecting whenever the connection drops.
    public func run() async {
        await withTaskExecutorPreference(connection.bridge.executor) {
            await cancelWhenGracefulShutdown { await self.listenUntilCancelled() }
        }
    }

    /// The reconnection loop.
    private func listenUntilCancelled() async {
        let logger = connection.logger
        var delay = firstDelay
        var down = false  // between a drop and the next LISTEN: log once
        while !Task.isCancelled {
            var failure: StoreError?
            do {
                try await listenOnce {
                    if down { logger.notice("listening for queued messages again on \(connection.location)") }
                    down = false
                    delay = firstDelay
                }
            } catch {
                failure = StoreError(postgres: error, while: "listen for queued messages", location: connection.location)
            }
            if Task.isCancelled { return }
            if !down {
                let reason = failure?.message ?? "the connection to \(connection.location) closed"
                logger.warning("\(reason); listening again when PostgreSQL answers (retrying every \(firstDelay) to \(maximumDelay))")
                down = true
            }
            guard (try? await Task.sleep(for: delay)) != nil else { return }
            delay = min(delay * 2, maximumDelay)
        }
    }

    /// Opens a connection, listens until it closes (or the task is cancelled), closes it.
    /// - Parameter listening: Called once `LISTEN` is in effect.
    private func listenOnce(_ listening: () -> Void) async throws {
        let postgres = try await PostgresConnection.connect(configuration: try connection.location.directConfiguration(), id: 1,
                                                            logger: connection.logger)
        do {
            try await postgres.listen(on: PostgresOutboxQueue.notificationChannel) { notifications in
                listening()
                for try await notification in notifications {
                    if let workspace = WorkspaceID(notification.payload) { onNotification(workspace) }
                }
            }
        } catch {
            try? await postgres.close()
            throw error
        }
        try? await postgres.close()
    }
}

