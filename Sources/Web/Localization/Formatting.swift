import FacteurCore
import Foundation

/// How the pages write times, dates and amounts for one language and time zone: French pages
/// write `02/12/2026 05:45` and `1 234,56 EUR`, English ones `2026-12-02 05:45` and `EUR 1,234.56`;
/// times are in the configured zone (the page says which, once).
struct Formatting {
    let language: Language
    let timeZone: TimeZone

    /// - Parameter timeZone: An IANA identifier; UTC when it is unknown (the configuration checks it).
    init(language: Language, timeZone: String) {
        self.language = language
        self.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")!
    }

    /// The zone's name as the pages mention it (`Europe/Paris`).
    var zoneName: String { timeZone.identifier }

    /// A stored timestamp (``FacteurCore/Timestamp``) in the page's zone; other text is shown as
    /// is, nil as `—`.
    func time(_ stamp: String?) -> String {
        guard let stamp else { return "—" }
        guard let date = Timestamp.parse(stamp) else { return stamp }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let clock = "\(Self.two(parts.hour ?? 0)):\(Self.two(parts.minute ?? 0))"
        return "\(day(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0)) \(clock)"
    }

    /// A calendar day `YYYY-MM-DD` (an invoice's issue date: no zone), as the language writes it.
    func day(_ text: String?) -> String? {
        guard let text, text.utf8.count == 10 else { return text }
        let fields = text.split(separator: "-").compactMap { Int($0) }
        guard fields.count == 3 else { return text }
        return day(year: fields[0], month: fields[1], day: fields[2])
    }

    /// An amount exactly as Qonto sent it (`"1234.5"`), with its currency; nil when there is none.
    func amount(_ value: String?, currency: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        var digits = value
        var sign = ""
        if digits.hasPrefix("-") { sign = "-"; digits.removeFirst() }
        let split = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = split.first, !whole.isEmpty, whole.allSatisfy(\.isNumber),
              split.count == 1 || split[1].allSatisfy(\.isNumber) else {
            return [value, currency].compactMap { $0 }.joined(separator: " ")
        }
        var fraction = split.count == 2 ? String(split[1]) : ""
        while fraction.count < 2 { fraction += "0" }
        var groups: [String] = []
        var rest = Substring(whole)
        while rest.count > 3 {
            groups.insert(String(rest.suffix(3)), at: 0)
            rest = rest.dropLast(3)
        }
        groups.insert(String(rest), at: 0)
        let currency = currency ?? ""
        switch language {
        case .fr:
            // A narrow no-break space between thousands, as French typography writes them.
            let number = sign + groups.joined(separator: "\u{202F}") + "," + fraction
            return currency.isEmpty ? number : "\(number)\u{00A0}\(currency)"
        case .en:
            let number = sign + groups.joined(separator: ",") + "." + fraction
            return currency.isEmpty ? number : "\(currency)\u{00A0}\(number)"
        }
    }

    private func day(year: Int, month: Int, day: Int) -> String {
        switch language {
        case .fr: return "\(Self.two(day))/\(Self.two(month))/\(year)"
        case .en: return "\(year)-\(Self.two(month))-\(Self.two(day))"
        }
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
