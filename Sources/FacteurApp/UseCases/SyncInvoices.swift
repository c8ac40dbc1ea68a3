public import FacteurCore
public import Foundation
import MIME
public import QontoAPI
public import Store
public import Logging

/// `facteur sync`: one polling window (or, for a backfill, a series of bounded windows).
///
/// A window lists every invoice updated since the marker (minus an overlap), downloads new or
/// changed attachments, composes the forwardable ones into the spool and, only at the end, enqueues
/// them, records every version seen and advances the marker, in one transaction. A crash mid-window
/// therefore sends nothing and loses nothing: the next window redoes it, and versions already
/// handled (same Qonto ID and content hash) are recognised and skipped.
public struct SyncInvoices: Sendable {
    /// The configuration.
    public let configuration: FacteurConfiguration
    /// The workspace's store.
    public let store: any WorkspaceStore
    /// The clock.
    public let now: @Sendable () -> Date
    /// Longest span of one window during a backfill, so a crash loses at most one window of work.
    public let windowSpan: TimeInterval
    /// About the most records (forwarded or held) one window holds before its commit: a window that
    /// reaches it ends early, at a whole second, and the next one starts there (see ``SyncWindow``).
    /// This bounds a window's memory by a count rather than by a month of however many invoices.
    public let windowRecordLimit: Int
    /// Asked between records: true abandons the window in progress (a shutdown). Nothing of it is
    /// committed, so the next start redoes it.
    public let shouldStop: @Sendable () -> Bool
    /// Where each queued and held record is logged (with `qonto_id` and `message_id` metadata), if anywhere.
    public var logger: Logger?
    /// Called on the sync's thread after each committed window, with the summary so far: the
    /// daemon records Qonto as reachable and wakes the outbox there, so a long catch-up shows its
    /// progress and delivers as it goes instead of only at its end.
    public var windowCommitted: @Sendable (Summary) -> Void = { _ in }

    /// Creates the use case.
    /// - Parameters:
    ///   - configuration: The validated configuration.
    ///   - store: The workspace's store.
    ///   - now: The clock.
    ///   - windowSpan: Longest span of one window (default 31 days).
    ///   - windowRecordLimit: About the most records one window holds (default 500, at least 1).
    ///   - shouldStop: Asked between records; true abandons the window in progress.
    public init(configuration: FacteurConfiguration, store: any WorkspaceStore,
                now: @escaping @Sendable () -> Date = { Date() }, windowSpan: TimeInterval = 31 * 86_400,
                windowRecordLimit: Int = 500, shouldStop: @escaping @Sendable () -> Bool = { false }) {
        self.configuration = configuration
        self.store = store
        self.now = now
        self.windowSpan = windowSpan
        self.windowRecordLimit = max(1, windowRecordLimit)
        self.shouldStop = shouldStop
    }

    /// What a sync did.
    public struct Summary: Sendable, Codable, Hashable {
        /// Windows committed.
        public var windows = 0
        /// Records listed by Qonto (including repeats).
        public var listed = 0
        /// Versions already handled before (overlap, rewind, re-run).
        public var unchanged = 0
        /// New messages queued.
        public var forwarded = 0
        /// New messages queued as updates of earlier ones (changed content).
        public var updated = 0
        /// Records held for a person, by reason.
        public var held: [String: Int] = [:]
        /// HTTP requests made.
        public var requests = 0
        /// Held records fetched and examined again because a person asked for it.
        public var retried = 0
        /// Set when `--since` asked for more history than Qonto keeps for Facteur (3 years): the
        /// date asked for and the one used instead (`YYYY-MM-DD`).
        public var sinceClamped: SinceClamp?
    }

    /// A `--since` date moved forward to the earliest date Facteur reads.
    public struct SinceClamp: Sendable, Codable, Hashable {
        /// The date asked for.
        public var requested: String
        /// The date used.
        public var used: String
    }

    /// The settings key of a kind's sync marker.
    public static func markerKey(_ kind: InvoiceKind) -> String { "qonto.marker.\(kind.qontoType)" }

    /// Runs the windows up to now. Blocking (libcurl, file I/O): call it from a dedicated thread.
    /// - Parameters:
    ///   - client: The Qonto client.
    ///   - since: Start here instead of at the marker (`--since`; a rewind is safe).
    ///   - progress: Receives one line per committed window.
    /// - Throws: ``QontoError`` (the window is not committed), ``StoreError``, ``ConfigurationError``,
    ///   ``SyncStopped`` when ``shouldStop`` asked for it.
    public func runBlocking(client: QontoClient, since: Date? = nil, progress: (String) -> Void = { _ in }) throws -> Summary {
        // A shutdown also reaches a request waiting for its turn in the process's Qonto budget,
        // which gives the turn up: the window is abandoned like one stopped between records.
        client.shouldStop = shouldStop
        do {
            return try runWindows(client: client, since: since, progress: progress)
        } catch let error as QontoError where error.code == .stopped {
            throw SyncStopped()
        }
    }

    private func runWindows(client: QontoClient, since: Date?, progress: (String) -> Void) throws -> Summary {
        // Whole seconds: Qonto's filters take seconds, so the marker must not claim the fraction of
        // a second the filter left out (those records belong to the next window).
        let end = Date(timeIntervalSince1970: now().timeIntervalSince1970.rounded(.down))
        // The store says what keeps another process from polling this workspace meanwhile.
        let lock = try store.lock(for: .polling)
        defer { withExtendedLifetime(lock) {} }
        var summary = Summary()
        let settings = store.settings
        summary.retried = try SyncRetries(configuration: configuration, store: store).run(client: client, now: end, summary: &summary)
        if let since {
            // A backfill or rewind moves every marker back first, so an interrupted run is resumed by
            // a plain `facteur sync` rather than forgotten for the kinds it had not reached yet.
            let start = max(since, QontoConfiguration.earliestStart(now: end))
            for kind in InvoiceKind.allCases {
                try settings.set(Self.markerKey(kind), Timestamp.format(start.addingTimeInterval(Double(configuration.qonto.overlap))), now: end)
            }
        }
        let starts = try InvoiceKind.allCases.map { try startDate($0, settings: settings, end: end) }
        // Estimated from the spans; a window cut for its record count adds to what is left.
        var left = starts.map { estimatedWindows(from: $0, to: end) }
        if let since, since < QontoConfiguration.earliestStart(now: end) {
            let used = String(Timestamp.format(QontoConfiguration.earliestStart(now: end)).prefix(10))
            summary.sinceClamped = SinceClamp(requested: String(Timestamp.format(since).prefix(10)), used: used)
            progress("note: history is read at most 3 years back, from \(used)")
        }
        let began = Date()
        for (index, (kind, first)) in zip(InvoiceKind.allCases, starts).enumerated() {
            var start = first
            repeat {
                let windowEnd = min(start.addingTimeInterval(windowSpan), end)
                let window = SyncWindow(kind: kind, from: start, to: windowEnd, configuration: configuration, store: store,
                                        recordLimit: windowRecordLimit, shouldStop: shouldStop, logger: logger)
                let result = try window.run(client: client, now: now(), summary: &summary)
                summary.windows += 1
                summary.requests = client.requestCount
                windowCommitted(summary)
                left[index] = result.end < end ? estimatedWindows(from: result.end, to: end) : 0
                let remaining = left.reduce(0, +)
                let elapsed = max(Date().timeIntervalSince(began), 0.001)
                let eta = elapsed / Double(summary.windows) * Double(remaining)
                progress("window \(summary.windows)/\(summary.windows + remaining) \(kind.qontoType) \(Timestamp.format(start).prefix(10)) → "
                         + "\(Timestamp.format(result.end).prefix(10)): \(result.listed) listed, \(result.queued) queued, "
                         + "\(result.updated) updated, \(result.held) held — \(summary.listed) records, "
                         + "\(Int(Double(summary.listed) / elapsed))/s, ETA \(Int(eta.rounded())) s")
                start = result.end
            } while start < end
        }
        summary.requests = client.requestCount
        return summary
    }

    /// How many windows of ``windowSpan`` cover `[start, end]` (at least one).
    private func estimatedWindows(from start: Date, to end: Date) -> Int {
        max(1, Int((end.timeIntervalSince(start) / windowSpan).rounded(.up)))
    }

    private func startDate(_ kind: InvoiceKind, settings: any SettingStore, end: Date) throws -> Date {
        let earliest = QontoConfiguration.earliestStart(now: end)
        if let marker = try settings.value(Self.markerKey(kind)), let date = Timestamp.parse(marker) {
            return max(date.addingTimeInterval(-Double(configuration.qonto.overlap)), earliest)
        }
        return max(configuration.qonto.backfillSince ?? end.addingTimeInterval(-30 * 86_400), earliest)
    }
}
