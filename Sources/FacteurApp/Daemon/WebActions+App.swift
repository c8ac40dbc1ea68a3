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
                return try StatusReport(configuration: configuration, database: settings.database).build()
            },
            retry: { target in
                let retry = RetryProblem(configuration: (try? settings.effective()) ?? settings.base, database: settings.database,
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
            saveSettings: { values in try settings.save(values, source: "settings page", now: Date()) })
    }
}
