// Decoding of MIME header parameters (RFC 2045 quoted-strings and RFC 2231 extended values),
// enough to read back what the composer writes.

/// The parameters of a header value such as `attachment; filename="a.pdf"`, in order.
///
/// Splits at `;` outside quoted-strings and unquotes quoted values.
func parameters(of value: String) -> [(name: String, value: String)] {
    var pieces: [String] = []
    var current = ""
    var inQuotes = false
    var escaped = false
    for character in value {
        if escaped {
            current.append(character)
            escaped = false
        } else if character == "\\" && inQuotes {
            current.append(character)
            escaped = true
        } else if character == "\"" {
            inQuotes.toggle()
            current.append(character)
        } else if character == ";" && !inQuotes {
            pieces.append(current)
            current = ""
        } else {
            current.append(character)
        }
    }
    pieces.append(current)
    return pieces.dropFirst().compactMap { piece in
        let trimmed = piece.drop { $0 == " " }
        guard let equals = trimmed.firstIndex(of: "=") else { return nil }
        let name = String(trimmed[..<equals]).lowercased()
        var raw = Substring(trimmed[trimmed.index(after: equals)...])
        while raw.last == " " { raw = raw.dropLast() }
        guard raw.hasPrefix("\"") else { return (name, String(raw)) }
        var unquoted = ""
        var escape = false
        for character in raw.dropFirst().dropLast() {
            if escape || character != "\\" {
                unquoted.append(character)
                escape = false
            } else {
                escape = true
            }
        }
        return (name, unquoted)
    }
}

/// The file name a modern reader gets: RFC 2231 `filename*` (joined continuations) if present,
/// else the plain `filename`.
func decodedFileName(dispositionValue: String) -> String? {
    let params = parameters(of: dispositionValue)
    if let single = params.first(where: { $0.name == "filename*" }) {
        return decodeExtendedValue(single.value)
    }
    let sections = params.filter { $0.name.hasPrefix("filename*") && $0.name.hasSuffix("*") }
    if !sections.isEmpty {
        for (index, section) in sections.enumerated() where section.name != "filename*\(index)*" {
            return nil
        }
        return decodeExtendedValue(sections.map(\.value).joined())
    }
    return params.first { $0.name == "filename" }?.value
}

/// Decodes `UTF-8''percent-encoded` text.
func decodeExtendedValue(_ value: String) -> String? {
    guard value.hasPrefix("UTF-8''") else { return nil }
    return decodePercentEncoding(String(value.dropFirst(7)))
}
