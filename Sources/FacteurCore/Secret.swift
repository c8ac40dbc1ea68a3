/// A secret value (a password, an API key, a token) that never shows itself.
///
/// Its `description`, `debugDescription` and reflection are `<redacted>`, so a configuration, a
/// service or a settings struct that holds one can be logged, interpolated or `dump`ed at any log
/// level without leaking it (swift-service-lifecycle logs every service's description at debug
/// level). It is deliberately not `Codable`. Read the value only where it is handed to the wire,
/// with ``exposedValue``.
///
/// ```swift
/// let password = Secret(fileContents)
/// logger.debug("settings", metadata: ["password": "\(password)"])   // password=<redacted>
/// try easy.set(CURLOPT_PASSWORD, password.exposedValue)
/// ```
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    /// Wraps a secret value.
    public init(_ value: String) {
        self.value = value
    }

    /// The value itself: only for the place that sends it (a header, an AUTH command, a form field).
    public var exposedValue: String { value }

    /// Whether the value is empty.
    public var isEmpty: Bool { value.isEmpty }

    /// `<redacted>`.
    public var description: String { "<redacted>" }

    /// `<redacted>`.
    public var debugDescription: String { "<redacted>" }

    /// No children: `dump` and debuggers show nothing of the value.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
