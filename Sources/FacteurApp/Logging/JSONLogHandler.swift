public import Logging
import Foundation

/// A swift-log handler writing one JSON object per line to standard error (`--log-format json`):
/// `{"time":…,"level":…,"label":…,"message":…,"metadata":{…}}`. Metadata carries the Qonto ID
/// (`qonto_id`) and the Message-ID (`message_id`) where they apply, for log shippers to index.
public struct JSONLogHandler: LogHandler {
    /// The logger's label.
    public let label: String
    /// The handler's metadata, merged under each record's.
    public var metadata: Logger.Metadata = [:]
    /// The lowest level written.
    public var logLevel: Logger.Level = .info

    /// Creates a handler.
    public init(label: String) {
        self.label = label
    }

    /// Metadata by key.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes a record.
    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        var object: [String: Any] = [
            "time": ISO8601DateFormatter().string(from: Date()), "level": event.level.rawValue, "label": label,
            "message": event.message.description,
        ]
        if !merged.isEmpty { object["metadata"] = merged.mapValues(\.description) }
        guard var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        data.append(0x0A)
        FileHandle.standardError.write(data)
    }
}
