/// Timestamps as the pages show them: `2026-11-25 13:02:01 UTC` from the stored
/// `2026-11-25T13:02:01.123Z` (see ``FacteurCore/Timestamp``).
enum DisplayTime {
    /// A stored timestamp for people; other text is shown as is, nil as `—`.
    static func format(_ stamp: String?) -> String {
        guard let stamp else { return "—" }
        guard stamp.utf8.count >= 19, stamp.hasSuffix("Z") else { return stamp }
        return String(stamp.prefix(10)) + " " + String(stamp.dropFirst(11).prefix(8)) + " UTC"
    }
}
