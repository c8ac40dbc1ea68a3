import Foundation

/// Pennylane's timestamps: RFC 3339, with or without fractional seconds, `Z` or an offset.
enum PennylaneTime {
    /// Parses `2026-03-01T10:08:08Z`, `2026-03-01T10:08:08.146+01:00` and the like.
    static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    /// `2026-03-01T10:08:08Z` (UTC, whole seconds, rounded down).
    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)))
    }
}
