import Curl
import FacteurCore
import Foundation
import MIME

/// Typed access to raw configuration values; every failure names the key.
struct ValueReader {
    let values: [String: String]

    /// Refuses control characters (CR, LF, NUL, …) in any value: none is legitimate in a setting,
    /// and in an address or a header they are an injection attempt.
    func checkControlCharacters() throws(ConfigurationError) {
        for key in ConfigurationKey.all {
            guard let value = values[key.name] else { continue }
            if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) }) {
                throw ConfigurationError(key: key.name, "contains a control character (line break, tab or NUL)")
            }
        }
    }

    /// The value, or the key's default; nil when neither is set (empty strings count as unset).
    func string(_ key: String) -> String? {
        if let value = values[key]?.trimmingCharacters(in: .whitespaces), !value.isEmpty { return value }
        return ConfigurationKey.named(key)?.defaultValue
    }

    /// A secret key's value, wrapped so that it never shows in a description or a log.
    func secret(_ key: String) -> Secret? {
        string(key).map(Secret.init)
    }

    func path(_ key: String) throws(ConfigurationError) -> String {
        guard let value = string(key) else { throw ConfigurationError(key: key, "not set") }
        guard !value.contains(where: { $0.isNewline || $0 == "\0" }) else {
            throw ConfigurationError(key: key, "contains a line break or NUL")
        }
        return value
    }

    func address(_ key: String) throws(ConfigurationError) -> EmailAddress? {
        guard let value = string(key) else { return nil }
        do {
            return try EmailAddress(value)
        } catch {
            throw ConfigurationError(key: key, "not a valid email address: \(error.message)")
        }
    }

    /// `Name <address>` or a bare address.
    func mailbox(_ key: String) throws(ConfigurationError) -> Mailbox? {
        guard let value = string(key) else { return nil }
        var display: String?
        var addressText = value
        if value.hasSuffix(">"), let open = value.lastIndex(of: "<") {
            addressText = String(value[value.index(after: open)..<value.index(before: value.endIndex)])
            var name = value[..<open].trimmingCharacters(in: .whitespaces)
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
            display = name.isEmpty ? nil : name
        }
        do {
            return Mailbox(displayName: display, address: try EmailAddress(addressText))
        } catch {
            throw ConfigurationError(key: key, "not a valid sender (\"Name <address>\" or an address): \(error.message)")
        }
    }

    func integer(_ key: String, range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let value = string(key) else { return nil }
        guard let number = Int(value), range.contains(number) else {
            throw ConfigurationError(key: key, "expected a whole number from \(range.lowerBound) to \(range.upperBound), got \"\(HeaderText.sanitize(value))\"")
        }
        return number
    }

    func seconds(_ key: String, range: ClosedRange<Int>) throws(ConfigurationError) -> Double {
        guard let value = try integer(key, range: range) else { throw ConfigurationError(key: key, "not set") }
        return Double(value)
    }

    /// `1.2` or `1.3`.
    func tlsMinimum(_ key: String) throws(ConfigurationError) -> SMTPSettings.TLSMinimum {
        guard let value = string(key), let minimum = SMTPSettings.TLSMinimum(rawValue: value) else {
            throw ConfigurationError(key: key, "expected 1.2 or 1.3")
        }
        return minimum
    }
}
