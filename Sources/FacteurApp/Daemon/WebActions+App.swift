import Foundation
public import Web

extension WebActions {
    /// The pages' actions over FacteurApp's use cases.
    /// - Parameters:
    ///   - settings: The configuration and its settings-page overrides.
    ///   - pollWake: Woken when a held record is to be fetched again.
    ///   - deliveryWake: Woken when a message is queued again.
    public static func live(settings: EditableSettings, pollWake: Wakeup?, deliveryWake: Wakeup?) -> WebActions {
        WebActions(
            health: {
                let configuration = (try? settings.effective()) ?? settings.base
                return try StatusReport(configuration: configuration, store: settings.store).build()
            },
            retry: { target in
                let retry = RetryProblem(configuration: (try? settings.effective()) ?? settings.base, store: settings.store,
                                         requestedBy: "Retry on the status page")
                switch try retry.retry(target, now: Date()) {
                case .requeued(let id):
                    deliveryWake?.signal()
                    return "Message \(id) is queued again; it is sent within a minute."
                case .recordScheduled(let type, let id):
                    pollWake?.signal()
                    return "\(type) \(id) will be fetched from Qonto again and examined at the next window (starting now)."
                }
            },
            settings: { try settings.current() },
            saveSettings: { values in try settings.save(values, source: "settings page", now: Date()) },
            release: { target in
                guard target.hasPrefix("outbox:") else { throw AppError(.refused, "only a message held for review can be released") }
                let release = RetryProblem(configuration: (try? settings.effective()) ?? settings.base, store: settings.store,
                                           requestedBy: "Release on the status page")
                guard case .requeued(let id) = try release.retry(target, now: Date()) else {
                    throw AppError(.refused, "only a message held for review can be released")
                }
                deliveryWake?.signal()
                return id
            },
            dismiss: { target, reason in
                let record = try DismissProblem(store: settings.store, requestedBy: "Dismiss on the status page")
                    .dismiss(target, reason: reason, now: Date())
                return RecordReference(recordType: record.recordType, recordID: record.recordID)
            },
            undoDismiss: { id in
                let record = try DismissProblem(store: settings.store, requestedBy: "Undo on the status page").undo(id, now: Date())
                return RecordReference(recordType: record.recordType, recordID: record.recordID)
            },
            preferences: { ((try? settings.effective()) ?? settings.base).pages.preferences })
    }
}
