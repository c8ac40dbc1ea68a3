import Hummingbird

/// The fields of an `application/x-www-form-urlencoded` body or a query string, decoded
/// (`+` as space, `%XX` as UTF-8 bytes). A repeated name keeps its first value.
struct FormFields: Sendable {
    /// Values by field name.
    private(set) var values: [String: String] = [:]

    /// The largest form body accepted.
    static let maximumBodySize = 64 * 1024

    /// Decodes a query string or form body; malformed escapes are kept literally.
    init(encoded: String) {
        for pair in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            guard !name.isEmpty, values[name] == nil else { continue }
            values[name] = parts.count > 1 ? Self.decode(parts[1]) : ""
        }
    }

    /// The query string's fields.
    init(query request: Request) {
        self.init(encoded: request.uri.query ?? "")
    }

    /// Reads and decodes a request's form body.
    /// - Throws: ``WebError`` (400) when the body is too large or not UTF-8.
    static func body(of request: Request) async throws -> FormFields {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maximumBodySize)
        } catch {
            throw WebError(.badRequest, "The form is too large.")
        }
        guard let text = buffer.getString(at: buffer.readerIndex, length: buffer.readableBytes) else {
            throw WebError(.badRequest, "The form could not be read.")
        }
        return FormFields(encoded: text)
    }

    /// A field's value.
    subscript(_ name: String) -> String? { values[name] }

    private static func decode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                if iterator.count >= 2, let high = hexValue(iterator[iterator.startIndex]),
                   let low = hexValue(iterator[iterator.startIndex + 1]) {
                    bytes.append(high << 4 | low)
                    iterator = iterator.dropFirst(2)
                } else {
                    bytes.append(byte)
                }
            default:
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }
}
