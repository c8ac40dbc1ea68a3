/// A JSON value with ordered object keys, serialised the way Qonto's Rails back end does.
///
/// The sandbox builds its bodies by hand instead of with `JSONEncoder` because the wire format
/// matters more than convenience here: keys keep their documented order, absent values are an
/// explicit `null` (as in Qonto's examples), money in transactions is a float literal printed from
/// cents (never a binary `Double` round trip), and `&`, `<`, `>`, U+2028 and U+2029 are written as
/// `\u0026`, `\u003c`, `\u003e`, `\u2028`, `\u2029` — ActiveSupport's default
/// (`escape_html_entities_in_json`). That is why attachment URLs reach clients with `\u0026`
/// between query parameters, as the Qonto docs warn curl users.
enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number literal written verbatim, e.g. `42` or `59.99`.
    case number(String)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    static func == (lhs: JSON, rhs: JSON) -> Bool {
        lhs.serialized() == rhs.serialized()
    }

    /// An integer number.
    static func int(_ value: Int) -> JSON { .number(String(value)) }

    /// A float euro amount printed exactly from integer cents (`5999` → `59.99`, `-100` → `-1.0`).
    static func euros(cents: Int) -> JSON {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        // Ruby prints floats with at least one decimal (`1.0`) and no trailing zero (`1.5`).
        let decimals = fraction == 0 ? "0" : (fraction % 10 == 0 ? String(fraction / 10) : pad2(fraction))
        return .number("\(sign)\(magnitude / 100).\(decimals)")
    }

    /// A string, or `null` when the value is absent.
    static func string(_ value: String?) -> JSON { value.map(JSON.string) ?? .null }

    /// The compact UTF-8 serialisation.
    func serialized() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(into: &out)
        return out
    }

    /// An indented serialisation (two spaces), for dataset files people edit.
    func prettySerialized() -> [UInt8] {
        var out: [UInt8] = []
        writePretty(into: &out, indent: 0)
        out.append(UInt8(ascii: "\n"))
        return out
    }

    private func writePretty(into out: inout [UInt8], indent: Int) {
        let pad = { (level: Int) in Array(String(repeating: "  ", count: level).utf8) }
        switch self {
        case .array(let items) where !items.isEmpty:
            out.append(contentsOf: Array("[\n".utf8))
            for (index, item) in items.enumerated() {
                out.append(contentsOf: pad(indent + 1))
                item.writePretty(into: &out, indent: indent + 1)
                out.append(contentsOf: Array((index + 1 < items.count ? ",\n" : "\n").utf8))
            }
            out.append(contentsOf: pad(indent) + Array("]".utf8))
        case .object(let members) where !members.isEmpty:
            out.append(contentsOf: Array("{\n".utf8))
            for (index, (key, value)) in members.enumerated() {
                out.append(contentsOf: pad(indent + 1))
                JSON.writeString(key, into: &out)
                out.append(contentsOf: Array(": ".utf8))
                value.writePretty(into: &out, indent: indent + 1)
                out.append(contentsOf: Array((index + 1 < members.count ? ",\n" : "\n").utf8))
            }
            out.append(contentsOf: pad(indent) + Array("}".utf8))
        default:
            write(into: &out)
        }
    }

    private func write(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: Array("null".utf8))
        case .bool(let value): out.append(contentsOf: Array((value ? "true" : "false").utf8))
        case .number(let literal): out.append(contentsOf: Array(literal.utf8))
        case .string(let value): JSON.writeString(value, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSON.writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                value.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func writeString(_ value: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out.append(contentsOf: Array("\\\"".utf8))
            case "\\": out.append(contentsOf: Array("\\\\".utf8))
            case "\n": out.append(contentsOf: Array("\\n".utf8))
            case "\r": out.append(contentsOf: Array("\\r".utf8))
            case "\t": out.append(contentsOf: Array("\\t".utf8))
            case "&", "<", ">", "\u{2028}", "\u{2029}": out.append(contentsOf: Array(unicodeEscape(scalar.value).utf8))
            default:
                if scalar.value < 0x20 {
                    out.append(contentsOf: Array(unicodeEscape(scalar.value).utf8))
                } else {
                    out.append(contentsOf: Array(String(scalar).utf8))
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func unicodeEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    private static func pad2(_ value: UInt) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

extension JSON {
    /// The member named `key` of an object, or `nil`.
    subscript(key: String) -> JSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// This object with `key` set to `value` (replaced in place, or appended).
    func setting(_ key: String, to value: JSON) -> JSON {
        guard case .object(var members) = self else { return self }
        if let position = members.firstIndex(where: { $0.0 == key }) {
            members[position].1 = value
        } else {
            members.append((key, value))
        }
        return .object(members)
    }

    /// The string value, or `nil` for any other kind.
    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer value of a number or numeric string.
    var intValue: Int? {
        switch self {
        case .number(let literal), .string(let literal): return Int(literal)
        default: return nil
        }
    }

    /// The items of an array, or `nil`.
    var arrayValue: [JSON]? {
        if case .array(let items) = self { return items }
        return nil
    }
}
