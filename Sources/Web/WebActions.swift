public import FacteurCore

/// What the pages can ask of the application. FacteurApp builds these closures from its use cases
/// and hands them in, so Web never imports FacteurApp (see the import diagram in the README).
public struct WebActions: Sendable {
    /// The health summary (the same one `facteur status` prints).
    public var health: @Sendable () async throws -> HealthReport
    /// Re-validates and re-queues a problem after the user fixed its cause.
    /// - Parameter target: A ``Problem/retryTarget`` (`outbox:<id>` or `record:<type>:<qonto id>`).
    /// - Returns: One line for the page ("Message 12 queued again", "Record … will be fetched again…").
    /// - Throws: An error whose description is one line for the page (unknown target, not retryable).
    public var retry: @Sendable (_ target: String) async throws -> String
    /// The editable settings with their current values.
    public var settings: @Sendable () async throws -> [SettingField]
    /// Validates and stores settings (all or nothing); they take effect at the next window.
    /// - Parameter values: Form values by setting key.
    public var saveSettings: @Sendable (_ values: [String: String]) async throws -> SettingsOutcome
    /// Sends a message held for review as it is (`outbox:<id>`); the mail log records the release.
    /// - Returns: The outbox ID queued.
    public var release: @Sendable (_ target: String) async throws -> Int64
    /// Sets a waiting problem aside as not an invoice, with the person's reason (kept in the mail log).
    /// - Returns: The record it covers.
    public var dismiss: @Sendable (_ target: String, _ reason: String) async throws -> RecordReference
    /// Undoes a dismissal by its ID: the problem waits for a person again.
    /// - Returns: The record it covered.
    public var undoDismiss: @Sendable (_ id: Int64) async throws -> RecordReference
    /// The language setting and time zone the pages use, read at each request (the settings page can change them).
    public var preferences: @Sendable () -> PagePreferences

    /// Creates the actions.
    public init(health: @escaping @Sendable () async throws -> HealthReport,
                retry: @escaping @Sendable (_ target: String) async throws -> String,
                settings: @escaping @Sendable () async throws -> [SettingField],
                saveSettings: @escaping @Sendable (_ values: [String: String]) async throws -> SettingsOutcome,
                release: @escaping @Sendable (_ target: String) async throws -> Int64 = { _ in
                    throw WebError(.badRequest, "Release is not available.") },
                dismiss: @escaping @Sendable (_ target: String, _ reason: String) async throws -> RecordReference = { _, _ in
                    throw WebError(.badRequest, "Dismiss is not available.") },
                undoDismiss: @escaping @Sendable (_ id: Int64) async throws -> RecordReference = { _ in
                    throw WebError(.badRequest, "Undo is not available.") },
                preferences: @escaping @Sendable () -> PagePreferences = { PagePreferences() }) {
        self.health = health
        self.retry = retry
        self.settings = settings
        self.saveSettings = saveSettings
        self.release = release
        self.dismiss = dismiss
        self.undoDismiss = undoDismiss
        self.preferences = preferences
    }
}

/// A Qonto record, as an action reports which one it concerned.
public struct RecordReference: Sendable, Hashable {
    /// `supplier_invoice` or `client_invoice`.
    public var recordType: String
    /// The Qonto ID.
    public var recordID: String

    /// Creates a reference.
    public init(recordType: String, recordID: String) {
        self.recordType = recordType
        self.recordID = recordID
    }
}

/// One editable setting on the settings page.
public struct SettingField: Sendable, Hashable, Codable {
    /// The configuration key (`poll_interval`…), also the form field name.
    public var key: String
    /// The label shown.
    public var label: String
    /// The current effective value, as text.
    public var value: String
    /// One line of help (unit, bounds, default).
    public var help: String
    /// The HTML input type (`text`, `email`, `number`, `date`).
    public var inputType: String
    /// Where the current value comes from: `settings page`, `configuration file`, `default`.
    public var source: String
    /// The values allowed, when the field is a choice (shown as a menu); empty for free text.
    public var choices: [String] = []
    /// Set when the value no longer has any effect, and why, in one line (e.g. `backfill_since`
    /// once a sync marker exists); the page shows it and does not offer the field for editing.
    public var inactiveBecause: SettingInactivity?

    /// Creates a field.
    public init(key: String, label: String, value: String, help: String, inputType: String, source: String) {
        self.key = key
        self.label = label
        self.value = value
        self.help = help
        self.inputType = inputType
        self.source = source
    }
}

/// What saving the settings form did.
public enum SettingsOutcome: Sendable, Hashable {
    /// Stored; the keys whose value changed (possibly none).
    case saved(changed: [String])
    /// Nothing stored: an error message per field key.
    case invalid([String: String])
}

/// Why a setting no longer has any effect.
public enum SettingInactivity: Sendable, Hashable, Codable {
    /// `backfill_since` is read only before the first window; a sync marker exists (its value given).
    case syncMarkerExists(marker: String)
}
