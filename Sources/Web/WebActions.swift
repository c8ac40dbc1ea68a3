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

    /// Creates the actions.
    public init(health: @escaping @Sendable () async throws -> HealthReport,
                retry: @escaping @Sendable (_ target: String) async throws -> String,
                settings: @escaping @Sendable () async throws -> [SettingField],
                saveSettings: @escaping @Sendable (_ values: [String: String]) async throws -> SettingsOutcome) {
        self.health = health
        self.retry = retry
        self.settings = settings
        self.saveSettings = saveSettings
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
