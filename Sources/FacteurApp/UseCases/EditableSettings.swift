import FacteurCore
public import Foundation
public import Store
public import Web

/// The settings a person may change on the settings page. Each is stored in the workspace's store
/// as an override of the configuration file, validated by the same rules, logged, and read at the
/// next window.
public struct EditableSettings: Sendable {
    /// The keys the page edits, in display order, with their labels and input types.
    public static let fields: [(key: String, label: String, inputType: String)] = [
        ("backfill_since", "Backfill from (first window, at most 3 years back)", "date"),
        ("poll_interval", "Poll interval (seconds, 60–86400)", "number"),
        ("match_threshold", "Match threshold (points an invoice's counterparty evidence must reach to be forwarded)", "number"),
        ("pennylane_supplier_inbox", "Pennylane inbox for supplier invoices", "email"),
        ("pennylane_customer_inbox", "Pennylane inbox for customer invoices", "email"),
        ("owner_email", "Workspace owner (mailed once per incident)", "email"),
        ("web_language", "Page language", "select"),
        ("time_zone", "Time zone of the pages", "text"),
    ]

    /// The values of the fields that are a choice.
    static let choices: [String: [String]] = ["web_language": ["auto", "fr", "en"]]

    /// The configuration from the file and the environment (without overrides).
    public let base: FacteurConfiguration
    /// The workspace's store (the overrides, and everything the services built on these settings reach).
    public let store: any WorkspaceStore

    /// Creates the use case.
    /// - Parameters:
    ///   - base: The configuration from the file and the environment.
    ///   - store: The workspace's store.
    public init(base: FacteurConfiguration, store: any WorkspaceStore) {
        self.base = base
        self.store = store
    }

    /// The configuration in effect: the file's, with the page's overrides.
    /// - Throws: ``ConfigurationError`` (an override that no longer validates names its key), ``StoreError``.
    public func effective() throws -> FacteurConfiguration {
        try base.applying(store.settings.overrides())
    }

    /// The fields with their current values and where each comes from.
    public func current() throws -> [SettingField] {
        let store = store.settings
        let overrides = try store.overrides()
        // backfill_since only places the very first window: once a marker exists it does nothing.
        let markers = try InvoiceKind.allCases.compactMap { try store.value(SyncInvoices.markerKey($0)) }
        return Self.fields.map { field in
            let key = ConfigurationKey.named(field.key)
            let source = overrides[field.key] != nil ? "settings page" : base.rawValues[field.key] != nil ? "configuration file" : "default"
            let value = overrides[field.key] ?? base.rawValues[field.key] ?? key?.defaultValue ?? ""
            var setting = SettingField(key: field.key, label: field.label, value: value, help: key?.summary ?? "",
                                       inputType: field.inputType, source: source)
            setting.choices = Self.choices[field.key] ?? []
            if field.key == "backfill_since", let marker = markers.min() {
                setting.inactiveBecause = .syncMarkerExists(marker: marker)
            }
            return setting
        }
    }

    /// Validates the submitted values (all or nothing) and stores those that changed.
    /// - Parameters:
    ///   - values: Submitted values by key; keys not on the page are refused.
    ///   - source: Logged with each change.
    ///   - now: The current time.
    public func save(_ values: [String: String], source: String, now: Date) throws -> SettingsOutcome {
        let editable = Set(Self.fields.map(\.key))
        var errors: [String: String] = [:]
        for key in values.keys where !editable.contains(key) {
            errors[key] = "not a setting of this page"
        }
        let trimmed = values.filter { editable.contains($0.key) }.mapValues { $0.trimmingCharacters(in: .whitespaces) }
        let overrides = try store.settings.overrides()
        for (key, value) in trimmed {
            // Each field is checked alone, so every invalid field gets its own message.
            if let error = Self.problem(applying: overrides.merging([key: value]) { $1 }, to: base), error.key == key {
                errors[key] = error.problem
            } else if let problem = Self.extraCheck(key, value, now: now) {
                errors[key] = problem
            }
        }
        if errors.isEmpty, let error = Self.problem(applying: overrides.merging(trimmed) { $1 }, to: base) {
            errors[error.key] = error.problem
        }
        guard errors.isEmpty else { return .invalid(errors) }
        let current = Dictionary(uniqueKeysWithValues: try current().map { ($0.key, $0.value) })
        let changes = trimmed.filter { current[$0.key] != $0.value }
        return .saved(changed: try store.settings.setOverrides(changes, source: source, now: now))
    }

    /// The configuration error these overrides cause, if any.
    static func problem(applying overrides: [String: String], to base: FacteurConfiguration) -> ConfigurationError? {
        let result = Result { () throws(ConfigurationError) -> FacteurConfiguration in try base.applying(overrides) }
        if case .failure(let error) = result { return error }
        return nil
    }

    /// Whether an address's domain has a dot between two labels (`a@b` is refused: no mail
    /// reaches a bare host name through a public relay).
    static func hasDottedDomain(_ address: String) -> Bool {
        guard let at = address.lastIndex(of: "@") else { return false }
        let labels = address[address.index(after: at)...].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }
    }

    /// Rules the configuration file does not enforce but a person typing a value should hear about.
    static func extraCheck(_ key: String, _ value: String, now: Date) -> String? {
        if key.hasPrefix("pennylane_"), value.isEmpty {
            return "required: the address Pennylane gave for this kind of invoice"
        }
        if key.hasPrefix("pennylane_") || key == "owner_email", !value.isEmpty, !hasDottedDomain(value) {
            return "expected an address with a full domain name, e.g. compta@example.fr"
        }
        guard key == "backfill_since", !value.isEmpty else { return nil }
        guard let date = Timestamp.parse(value) else { return "expected a date, YYYY-MM-DD" }
        if date > now { return "is in the future" }
        if date < QontoConfiguration.earliestStart(now: now) {
            return "is more than 3 years back; Facteur reads at most 3 years of history"
        }
        return nil
    }
}
