/// The raw configuration values (file, environment, settings-page overrides) a
/// ``FacteurConfiguration`` was validated from, keyed by configuration key.
///
/// Its description and reflection show every key but print the values of secret keys
/// (``ConfigurationKey/isSecret``) as `<redacted>`, so a configuration can be logged or described at
/// any log level without leaking a password or a token.
public struct ConfigurationValues: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// The values by key.
    public private(set) var values: [String: String]

    /// Wraps values.
    public init(_ values: [String: String]) {
        self.values = values
    }

    /// The value of a key, if given.
    public subscript(key: String) -> String? { values[key] }

    /// These values with `overrides` replacing them key by key.
    public func merging(_ overrides: [String: String]) -> [String: String] {
        values.merging(overrides) { $1 }
    }

    /// The values with those of secret keys replaced by `<redacted>`: what may be shown or logged.
    public var redacted: [String: String] {
        Dictionary(uniqueKeysWithValues: values.map { ($0.key, Self.shown($0.key, $0.value)) })
    }

    /// `[key: value, secret_key: <redacted>]`, keys sorted.
    public var description: String {
        "[" + values.keys.sorted().map { "\($0): \(Self.shown($0, values[$0] ?? ""))" }.joined(separator: ", ") + "]"
    }

    /// The same as ``description``, for `dump` and debuggers.
    public var customMirror: Mirror {
        Mirror(self, children: values.keys.sorted().map { (label: $0, value: Self.shown($0, values[$0] ?? "") as Any) },
               displayStyle: .dictionary)
    }

    private static func shown(_ key: String, _ value: String) -> String {
        ConfigurationKey.named(key)?.isSecret == true ? "<redacted>" : value
    }
}
