public import FacteurCore
public import Foundation
import Store

extension OpenedWorkspace {
    /// Queues a local invoice file for the Pennylane inbox of its kind (`facteur forward`), under
    /// the configuration in effect.
    /// - Throws: ``AppError`` for the file, ``ConfigurationError``, ``StoreError``.
    public func forward(path: String, kind: InvoiceKind, reference: String?, now: Date) throws -> ForwardInvoice.Outcome {
        try ForwardInvoice(configuration: try effective(), store: store)
            .forward(path: path, kind: kind, reference: reference, now: now)
    }

    /// The outbox's messages, newest first, optionally in one state (`facteur outbox`).
    /// - Throws: ``StoreError``.
    public func outboxMessages(state: OutboxState? = nil, limit: Int? = nil) throws -> [OutboxMessage] {
        try store.outbox.list(state: state, limit: limit)
    }

    /// How many messages the outbox holds in each state.
    /// - Throws: ``StoreError``.
    public func outboxCounts() throws -> [OutboxState: Int] {
        try store.outbox.counts()
    }

    /// The health summary the status page shows (`facteur status`).
    /// - Throws: ``ConfigurationError``, ``StoreError``.
    public func statusReport(now: Date = Date()) throws -> HealthReport {
        try StatusReport(configuration: try effective(), store: store).build(now: now)
    }
}
